import { Role } from '@inventory/access-control';
import { SERVICE_NAMES, ServiceName } from '@inventory/service-runtime';
import { Json } from './http';

/** A JSON schema of the OpenAPI document, with its `$ref`s resolved. */
export type Schema = Json;

/** One route as a service's OpenAPI document describes it. */
export interface Operation {
  readonly service: ServiceName;
  readonly method: string;
  /** As documented, with `{param}` placeholders. */
  readonly template: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  /** The request body's media type and schema, when the route takes one. */
  readonly body?: { readonly contentType: string; readonly schema: Schema };
  readonly roles?: readonly Role[];
  readonly isPublic: boolean;
}

/** The path with every parameter given a value (URL-encoded). */
export const pathOf = (operation: Operation, value: (param: string) => string) =>
  operation.template.replace(/\{([^}]+)\}/g, (_, param: string) => encodeURIComponent(value(param)));

export const labelOf = (operation: Operation) =>
  `${operation.service} ${operation.method} ${operation.template}`;

/** Replaces `$ref`s by their schemas, to a depth that covers our DTOs (and ends any cycle). */
function resolve(schema: Schema, components: Record<string, Schema>, depth = 0): Schema {
  if (depth > 8 || schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((item) => resolve(item, components, depth + 1));
  if (typeof schema.$ref === 'string') {
    return resolve(components[schema.$ref.split('/').pop() as string], components, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, resolve(value, components, depth + 1)]),
  );
}

/** Every route of the four services, read from their OpenAPI documents (`/docs-json`). */
export async function operationsOf(urlOf: (service: ServiceName) => string): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const service of SERVICE_NAMES) {
    const document = (await (await fetch(`${urlOf(service)}/docs-json`)).json()) as Json;
    const components = document.components?.schemas ?? {};
    for (const [template, methods] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(methods)) {
        const content = Object.entries<Json>(operation.requestBody?.content ?? {})[0];
        operations.push({
          service,
          method: method.toUpperCase(),
          template,
          pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
          queryParams: (operation.parameters ?? [])
            .filter((parameter: Json) => parameter.in === 'query')
            .map((parameter: Json) => parameter.name),
          body: content && { contentType: content[0], schema: resolve(content[1].schema ?? {}, components) },
          roles: operation['x-roles'],
          isPublic: operation['x-public'] === true,
        });
      }
    }
  }
  return operations;
}
