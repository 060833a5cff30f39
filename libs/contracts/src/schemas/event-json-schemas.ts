import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { ValidationTypes, getMetadataStorage, isEmail } from 'class-validator';
import { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { EnvelopeSchema } from '../envelope';
import { MAX_ABS_QUANTITY } from '../events/common';
import { IDENTIFIER_PATTERN } from '../identifiers';
import { isNotNull } from '../nullable';
import { EVENT_SCHEMAS, EventType } from '../registry';

// class-transformer keeps @Type's metadata here and exports no typed path to it.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** A JSON Schema (draft-07) object; loose on purpose, it is data. */
export type JsonSchema = Record<string, unknown>;

/**
 * The formats the schemas use beyond JSON Schema's own, each the very check the decorators make
 * (compiled-event-validation.ts registers them with the same functions).
 */
export const EVENT_FORMATS = {
  quantity: `a number with at most 4 decimal places, from -${MAX_ABS_QUANTITY} to ${MAX_ABS_QUANTITY}`,
  iso8601: 'an ISO 8601 date or date-time (strict: real calendar dates)',
  uuid: 'a UUID',
  email: 'an email address',
  latitude: 'a latitude, -90 to 90 (a number)',
  longitude: 'a longitude, -180 to 180 (a number)',
} as const;

/** C0 controls but tab, line feed and carriage return, and DEL (the `isText` rule). */
const textPattern = (maxLength: number) => `^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]{0,${maxLength}}$`;
/**
 * No UTF-16 surrogate without its pair (the `isText` rule): a pair matches as two units, or, read
 * with the `u` flag, as one code point outside the surrogate range; a lone one matches neither.
 */
const WHOLE_CHARACTERS = '^(?:[^\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$';

/**
 * One converter per decorator the contracts use, each as strict as the decorator or stricter, never
 * laxer: what the compiled schema accepts, the decorators accept (a property test checks it). Only
 * the "kind" validators set `type`. A decorator without a converter here fails the build of the
 * schemas, so a new one cannot slip through unchecked.
 */
const CONVERTERS: Record<string, (meta: ValidationMetadata) => JsonSchema> = {
  isIdentifier: () => ({ type: 'string', pattern: IDENTIFIER_PATTERN }),
  isText: (meta) => ({
    type: 'string',
    maxLength: meta.constraints[0],
    // Without the regex `u` flag (the validator's option), {0,n} counts UTF-16 units as .length does.
    pattern: textPattern(meta.constraints[0]),
    allOf: [{ pattern: WHOLE_CHARACTERS }],
  }),
  // Its bounds live in the format: `minimum` is Min's, and one keyword cannot hold both.
  isQuantity: () => ({ type: 'number', format: 'quantity' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: (meta) => withoutOptions(meta, { type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  isRecord: () => ({ type: 'object' }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  isNotEmpty: () => ({ minLength: 1 }),
  isIn: (meta) => ({ enum: [...meta.constraints[0]] }),
  min: (meta) => ({ minimum: meta.constraints[0] }),
  max: (meta) => ({ maximum: meta.constraints[0] }),
  isUuid: (meta) => withoutOptions(meta, { type: 'string', format: 'uuid' }),
  isIso8601: (meta) => {
    if (JSON.stringify(meta.constraints[0]) !== JSON.stringify({ strict: true }))
      throw new Error(`${where(meta)}: only IsISO8601({ strict: true }) has a compiled format`);
    return { type: 'string', format: 'iso8601' };
  },
  isEmail: (meta) => withoutOptions(meta, { type: 'string', format: 'email' }),
  isEmailAddress: () => ({ type: 'string', format: 'email' }),
  isLatitude: () => ({ type: 'number', format: 'latitude' }),
  isLongitude: () => ({ type: 'number', format: 'longitude' }),
};

const where = (meta: ValidationMetadata) => `${(meta.target as { name?: string }).name}.${meta.propertyName}`;

/** validator.js fills an options object with its defaults when it first runs, so {} becomes them. */
function defaultsOf(check: (options: object) => unknown): string {
  const options = {};
  check(options);
  return JSON.stringify(options);
}
const NO_OPTIONS = new Set(['{}', defaultsOf((options) => isEmail('a@example.com', options))]);

function withoutOptions(meta: ValidationMetadata, schema: JsonSchema): JsonSchema {
  const options = meta.constraints?.[0];
  if (options !== undefined && !NO_OPTIONS.has(JSON.stringify(options)))
    throw new Error(`${where(meta)}: a ${meta.type} with options has no compiled format`);
  return schema;
}

/** The validator's name for a metadata entry: custom ones (ValidateBy) by the name they register. */
function kindOf(meta: ValidationMetadata): string {
  if (!meta.constraintCls) return meta.type;
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls);
  return constraint?.name ?? meta.type;
}

function metadataOf(target: new () => object): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
}

/**
 * The properties whose `ValidateIf` reads another field, written out as JSON Schema if/then (a
 * condition is a function; the schemas cannot read it). `otherwise`: what the property may be when
 * the condition does not hold ('null': null, as class-validator skips it then; 'any': anything,
 * absent included). The property test holds each to its decorator.
 */
const CONDITIONAL_PROPERTIES: Record<
  string,
  { property: string; when: JsonSchema; otherwise: 'null' | 'any' }
> = {
  // @ValidateIf((line) => line.returnToStock || value !== null) @IsCode() sourceCode
  CreditMemoLine: {
    property: 'sourceCode',
    when: { properties: { returnToStock: { const: true } }, required: ['returnToStock'] },
    otherwise: 'null',
  },
  // @ValidateIf((event) => event.scope === 'sku') @IsCode() sku
  InventorySettingsChanged: {
    property: 'sku',
    when: { properties: { scope: { const: 'sku' } }, required: ['scope'] },
    otherwise: 'any',
  },
};

/**
 * Required and nullable, as class-validator reads them: `IsOptional` skips null and undefined (not
 * required, null allowed); `Nullable` skips null only (required, null allowed); any other
 * `ValidateIf` must be written out in CONDITIONAL_PROPERTIES.
 */
function presence(target: new () => object) {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metadataOf(target))
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  return [...byProperty].map(([property, metas]) => {
    const conditions = metas.filter((meta) => meta.type === ValidationTypes.CONDITIONAL_VALIDATION);
    const optional = conditions.some((meta) => meta.name === 'isOptional');
    const nullable = optional || conditions.some((meta) => meta.constraints?.[0] === isNotNull);
    const unreadable = conditions.some(
      (meta) => meta.name !== 'isOptional' && meta.constraints?.[0] !== isNotNull,
    );
    const conditional = unreadable ? CONDITIONAL_PROPERTIES[target.name] : undefined;
    if (unreadable && conditional?.property !== property)
      throw new Error(`${target.name}.${property}: a ValidateIf needs its rule in CONDITIONAL_PROPERTIES`);
    return { property, optional, nullable, conditional };
  });
}

/** The schema of one decorated class, its nested classes as `$ref`s to `#/definitions/<name>`. */
function classSchema(target: new () => object): JsonSchema {
  const keywordsByProperty = new Map<string, Set<string>>();
  for (const meta of metadataOf(target)) {
    const kind = kindOf(meta);
    if (kind === ValidationTypes.CONDITIONAL_VALIDATION || kind === ValidationTypes.NESTED_VALIDATION)
      continue;
    if (!(kind in CONVERTERS)) throw new Error(`${where(meta)}: no JSON Schema converter for "${kind}"`);
    // The converters' outputs are merged: two decorators writing one keyword would keep only one
    // (`each` ones write into `items`; `type` may repeat with the same value).
    const seen = keywordsByProperty.get(meta.propertyName) ?? new Set<string>();
    const output = CONVERTERS[kind](meta);
    const keywords = Object.entries(output).map(([key, value]) =>
      key === 'type' && !meta.each ? `type=${value}` : meta.each ? `items.${key}` : key,
    );
    if (meta.each) keywords.push('type=array');
    for (const keyword of keywords) {
      if (seen.has(keyword) && !keyword.startsWith('type='))
        throw new Error(`${where(meta)}: two decorators set "${keyword}"`);
      seen.add(keyword);
    }
    const types = [...seen].filter((keyword) => keyword.startsWith('type='));
    if (types.length > 1)
      throw new Error(`${where(meta)}: decorators disagree on the type (${types.join(', ')})`);
    keywordsByProperty.set(meta.propertyName, seen);
  }
  const additionalConverters = Object.fromEntries(
    Object.entries(CONVERTERS).map(([kind, convert]) => [kind, (meta: ValidationMetadata) => convert(meta)]),
  );
  const schema = targetConstructorToSchema(target, {
    additionalConverters,
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/definitions/',
  }) as JsonSchema & { properties: Record<string, JsonSchema> };
  const required: string[] = [];
  const rules: JsonSchema[] = [];
  for (const { property, optional, nullable, conditional } of presence(target)) {
    const validated = schema.properties[property];
    if (conditional) {
      // The validators apply when the condition holds; otherwise null (still required) or anything.
      const then: JsonSchema = { properties: { [property]: validated } };
      if (conditional.otherwise === 'any') then.required = [property];
      rules.push({ if: conditional.when, then });
      schema.properties[property] =
        conditional.otherwise === 'null' ? { anyOf: [validated, { type: 'null' }] } : {};
      if (conditional.otherwise === 'null' && !optional) required.push(property);
      continue;
    }
    if (!optional) required.push(property);
    if (nullable) schema.properties[property] = { anyOf: [validated, { type: 'null' }] };
  }
  return { ...schema, type: 'object', required, ...(rules.length ? { allOf: rules } : {}) };
}

/** Every class reachable from `roots` through nested validation, by class name. */
function reachableClasses(roots: readonly (new () => object)[]): Map<string, new () => object> {
  const found = new Map<string, new () => object>();
  const visit = (target: new () => object) => {
    const known = found.get(target.name);
    if (known === target) return;
    if (known) throw new Error(`Two contract classes are named ${target.name}: schema names must be unique`);
    found.set(target.name, target);
    for (const meta of metadataOf(target)) {
      if (meta.type !== ValidationTypes.NESTED_VALIDATION) continue;
      const nested = defaultMetadataStorage.findTypeMetadata(
        meta.target as new () => object,
        meta.propertyName,
      );
      if (!nested) throw new Error(`${where(meta)}: a nested property needs @Type(() => Class)`);
      visit(nested.typeFunction() as new () => object);
    }
  };
  roots.forEach(visit);
  return found;
}

/** The schemas of every event's data class and the classes they nest, by class name. */
export function contractDefinitions(): Record<string, JsonSchema> {
  const roots = Object.values(EVENT_SCHEMAS).map((entry) => entry.data as new () => object);
  return Object.fromEntries(
    [...reachableClasses(roots)].map(([name, target]) => [name, classSchema(target)]),
  );
}

/** The whole message of one event type: the envelope, its type and version fixed, its data. */
export function eventJsonSchema(type: EventType, definitions = contractDefinitions()): JsonSchema {
  const envelope = classSchema(EnvelopeSchema) as JsonSchema & { properties: Record<string, JsonSchema> };
  const { version, data, topic } = EVENT_SCHEMAS[type];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: type,
    description: `${type} version ${version}, on ${topic}`,
    ...envelope,
    properties: {
      ...envelope.properties,
      type: { const: type },
      version: { const: version },
      data: { $ref: `#/definitions/${data.name}` },
    },
    definitions,
  };
}
