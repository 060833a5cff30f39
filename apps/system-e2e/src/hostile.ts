import fc from 'fast-check';
import { Json } from './http';
import { Operation, Schema, pathOf } from './openapi';

/**
 * What an attacker or a broken client sends: huge, negative and fractional numbers,
 * unicode, control characters, injections, empty and oversized strings, wrong types.
 */
const NASTY_CONSTANTS: readonly Json[] = [
  null,
  true,
  false,
  0,
  -1,
  -0.5,
  0.00001,
  1.23456,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  -1e21,
  1e308,
  -1e308,
  '',
  ' ',
  'NaN',
  'Infinity',
  '1e999',
  '-0',
  '0x10',
  '12abc',
  'ＨＤＢ-００１',
  'ÄPFEL-ß',
  '😀-SKU',
  'sku\u0000nul',
  'line\nbreak',
  '<script>alert(1)</script>',
  "'; DROP TABLE source_items; --",
  '../../etc/passwd',
  '%00%2F',
  '__proto__',
  'a'.repeat(2_001), // past every length limit (names 255, descriptions 2,000)
];

export const hostileScalar: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_CONSTANTS) },
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double({ noNaN: true }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

/** 2,000 levels of nesting: deep enough to break a recursive validator without a limit. */
const deeplyNested = (): Json => {
  let value: Json = 1;
  for (let i = 0; i < 2_000; i++) value = { a: value };
  return value;
};

export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  fc.array(hostileScalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar, { maxKeys: 3 }),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant(deeplyNested()),
);

/** A value the schema would likely accept: its example, or a plausible value of its type. */
function plausible(schema: Schema, depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 4) return fc.constant(null);
  if (schema.type === 'array' || schema.items)
    return fc.array(plausible(schema.items ?? {}, depth + 1), { minLength: 1, maxLength: 2 });
  if (schema.properties) {
    return fc.record(
      Object.fromEntries(
        Object.entries<Schema>(schema.properties).map(([name, property]) => [
          name,
          plausible(property, depth + 1),
        ]),
      ),
    );
  }
  const example = schema.example ?? schema.enum?.[0];
  if (example !== undefined) return fc.constant(example);
  return PLAUSIBLE[schema.type as string] ?? fc.constant(null);
}

const PLAUSIBLE: Record<string, fc.Arbitrary<Json>> = {
  boolean: fc.boolean(),
  number: fc.integer({ min: 0, max: 100 }),
  integer: fc.integer({ min: 0, max: 100 }),
  string: fc.constantFrom('HDB-001', 'default', 'Name'),
};

/** Every path to a value inside a JSON value (objects and arrays included). */
export function pathsIn(value: Json, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [[...prefix]];
  const children = Object.entries(value).flatMap(([key, child]) =>
    pathsIn(child, [...prefix, Array.isArray(value) ? Number(key) : key]),
  );
  return [[...prefix], ...children];
}

/** The value with the part at `path` replaced (or removed, for undefined). */
export function replaceAt(
  value: Json,
  path: readonly (string | number)[],
  replacement: Json | undefined,
): Json {
  if (!path.length) return replacement;
  const copy = structuredClone(value);
  const parent = path.slice(0, -1).reduce((node: Json, key) => node[key], copy);
  const last = path[path.length - 1];
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/**
 * A value shaped like the schema: either plausible everywhere but in one place, which is hostile
 * or missing (so validation reaches every other field, and what passes it reaches the database),
 * or hostile in many places at once, or with an unknown field beside the known ones.
 */
export function shaped(schema: Schema): fc.Arbitrary<Json> {
  const oneHostilePart = plausible(schema).chain((valid) =>
    fc
      .tuple(fc.constantFrom(...pathsIn(valid)), fc.option(hostileValue, { nil: undefined }))
      .map(([path, replacement]) => replaceAt(valid, path, replacement)),
  );
  return fc.oneof({ weight: 3, arbitrary: oneHostilePart }, manyHostileParts(schema), hostileValue);
}

function manyHostileParts(schema: Schema, depth = 0): fc.Arbitrary<Json> {
  if (!schema || depth > 4) return hostileValue;
  if (schema.type === 'array' || schema.items) {
    return fc.oneof(
      fc.array(manyHostileParts(schema.items ?? {}, depth + 1), { maxLength: 3 }),
      hostileValue,
    );
  }
  if (schema.properties) {
    const fields = Object.fromEntries(
      Object.entries<Schema>(schema.properties).map(([name, property]) => [
        name,
        fc.oneof(plausible(property, depth + 1), manyHostileParts(property, depth + 1)),
      ]),
    );
    return fc.oneof(
      fc.record(fields, { requiredKeys: [] }),
      fc
        .tuple(
          fc.record(fields, { requiredKeys: [] }),
          fc.string({ minLength: 1, maxLength: 10 }),
          hostileValue,
        )
        .map(([body, key, value]) => ({ ...body, [`x${key}`]: value })),
    );
  }
  return fc.oneof(plausible(schema, depth), hostileValue);
}

/** A CSV file with the import's columns and hostile cells, or no usable header at all. */
const hostileCsv: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.array(fc.oneof(fc.constantFrom('HDB-001', 'default', '5', 'in_stock'), hostileScalar.map(String)), {
        minLength: 1,
        maxLength: 6,
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    )
    .map((rows) => ['sku,source_code,quantity,status', ...rows.map((cells) => cells.join(','))].join('\n')),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant('sku,source_code,quantity,status\n"unterminated,default,1,in_stock'),
);

export interface HostileRequest {
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
}

const queryString = (query: Record<string, Json>) =>
  Object.entries(query)
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
    )
    .join('&');

/** Requests for one route: hostile path parameters, query strings and bodies. */
export function hostileRequests(operation: Operation): fc.Arbitrary<HostileRequest> {
  const pathParams = fc.record(
    Object.fromEntries(
      operation.pathParams.map((param) => [
        param,
        fc.oneof(
          fc.constantFrom('HDB-001', '1', 'default', 'base'),
          hostileScalar.map((value) => String(value)),
        ),
      ]),
    ),
  );
  const knownQuery = Object.fromEntries(operation.queryParams.map((name) => [name, hostileScalar]));
  const query = fc.oneof(
    fc.record(knownQuery, { requiredKeys: [] }),
    fc.dictionary(
      fc.constantFrom('limit', 'offset', 'sku', 'at', 'from', 'sort', 'unexpected'),
      hostileScalar,
      { maxKeys: 3 },
    ),
  );
  const body: fc.Arbitrary<Pick<HostileRequest, 'contentType' | 'body'>> = !operation.body
    ? fc.constant({})
    : operation.body.contentType.includes('csv')
      ? hostileCsv.map((csv) => ({ contentType: 'text/csv', body: csv }))
      : fc.oneof(
          {
            weight: 6,
            arbitrary: shaped(operation.body.schema).map((value) => ({
              contentType: 'application/json',
              body: JSON.stringify(value),
            })),
          },
          fc.json().map((json) => ({ contentType: 'application/json', body: json })),
          fc
            .string({ unit: 'binary', maxLength: 60 })
            .map((text) => ({ contentType: 'application/json', body: text })),
        );
  return fc.tuple(pathParams, query, body).map(([params, parameters, payload]) => {
    const search = queryString(parameters);
    return {
      path: `${pathOf(operation, (param) => params[param])}${search ? `?${search}` : ''}`,
      ...payload,
    };
  });
}
