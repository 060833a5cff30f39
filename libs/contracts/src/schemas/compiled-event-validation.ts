import Ajv, { FormatDefinition, ValidateFunction } from 'ajv';
import { isISO8601, isLatitude, isLongitude, isUUID } from 'class-validator';
import { isEmailAddress } from '../text';
import { isQuantity } from '../events/common';
import { EVENT_SCHEMAS, EventType, isEventType } from '../registry';
import { EVENT_FORMATS, contractDefinitions, eventJsonSchema } from './event-json-schemas';

const FORMATS: Record<
  keyof typeof EVENT_FORMATS,
  { type: 'string' | 'number'; validate: (v: never) => boolean }
> = {
  quantity: { type: 'number', validate: isQuantity },
  iso8601: { type: 'string', validate: (value: string) => isISO8601(value, { strict: true }) },
  uuid: { type: 'string', validate: (value: string) => isUUID(value) },
  email: { type: 'string', validate: (value: string) => isEmailAddress(value) },
  latitude: { type: 'number', validate: (value: number) => isLatitude(value as unknown as string) },
  longitude: { type: 'number', validate: (value: number) => isLongitude(value as unknown as string) },
};

function compileAll(): Map<EventType, ValidateFunction> {
  // unicodeRegExp off: patterns count UTF-16 units, as the decorators' `.length` does.
  const ajv = new Ajv({ unicodeRegExp: false, allErrors: false, strict: true });
  for (const [name, format] of Object.entries(FORMATS))
    ajv.addFormat(name, format as FormatDefinition<string>);
  const definitions = contractDefinitions();
  const types = Object.keys(EVENT_SCHEMAS) as EventType[];
  return new Map(types.map((type) => [type, ajv.compile(eventJsonSchema(type, definitions))]));
}

let compiled: Map<EventType, ValidateFunction> | undefined;

/**
 * The hot path of every consumer: whether a decoded message is a valid event of a known type and
 * version, by JSON Schemas compiled from the contracts' decorators (ajv; tens of times faster than
 * running the decorators). False does not mean invalid: the schemas are never laxer than the
 * decorators but may be stricter, so parseEvent then asks the decorators, which also name the
 * bad fields.
 */
export function isValidEventFast(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string' || !isEventType(type)) return false;
  compiled ??= compileAll();
  return compiled.get(type)?.(json) === true;
}
