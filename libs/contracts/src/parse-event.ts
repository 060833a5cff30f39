import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { EnvelopeSchema } from './envelope';
import { EVENT_SCHEMAS, IntegrationEvent, isEventType } from './registry';
import { isValidEventFast } from './schemas/compiled-event-validation';

export type EventParseFailure =
  'invalid_json' | 'invalid_envelope' | 'unknown_type' | 'unsupported_version' | 'invalid_data';

/** A field that failed validation, with a dotted path such as `data.items.0.qty`. */
export interface FieldError {
  readonly field: string;
  readonly problems: readonly string[];
}

/** Raised when a message is not a valid integration event; it names every bad field. */
export class EventParseError extends Error {
  override readonly name = 'EventParseError';

  constructor(
    readonly reason: EventParseFailure,
    message: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(fields.length ? `${message}: ${fields.map(describeField).join('; ')}` : message);
  }
}

function describeField(error: FieldError): string {
  return `${error.field} ${error.problems.join(', ')}`;
}

/** Flattens class-validator's nested errors into dotted field paths. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function validate<T extends object>(schema: new () => T, plain: object): { value: T; errors: FieldError[] } {
  const value = plainToInstance(schema, plain);
  const errors = flattenValidationErrors(validateSync(value, { forbidUnknownValues: false }));
  return { value, errors };
}

function decodeJson(raw: string | Buffer | null): unknown {
  if (raw === null) throw new EventParseError('invalid_json', 'Message has no value');
  try {
    return JSON.parse(raw.toString());
  } catch (error) {
    throw new EventParseError('invalid_json', `Message value is not JSON (${(error as Error).message})`);
  }
}

/**
 * Turns a Kafka message value into a typed integration event, or throws an EventParseError
 * that says what is wrong. Extra fields are kept (forward compatible producers).
 */
export function parseEvent(raw: string | Buffer | null): IntegrationEvent {
  const json = decodeJson(raw);
  // Keep the plain JSON (not class instances) so events stay serialisable and comparable.
  if (isValidEventFast(json)) return json as IntegrationEvent;
  return checkedByDecorators(json);
}

/**
 * The contracts' decorators (class-validator) on a decoded message: the reference the compiled
 * schemas are checked against, and what names every bad field when a message is refused.
 */
export function checkedByDecorators(json: unknown): IntegrationEvent {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new EventParseError('invalid_envelope', 'Message value must be a JSON object');
  }
  const envelope = validate(EnvelopeSchema, json);
  if (envelope.errors.length) {
    throw new EventParseError('invalid_envelope', 'Invalid event envelope', envelope.errors);
  }
  const { type, version } = envelope.value;
  if (!isEventType(type)) throw new EventParseError('unknown_type', `Unknown event type "${type}"`);
  const schema = EVENT_SCHEMAS[type];
  if (version !== schema.version) {
    throw new EventParseError(
      'unsupported_version',
      `${type} version ${version} is not supported (expected ${schema.version})`,
    );
  }
  const data = validate(schema.data as new () => object, (json as { data: object }).data);
  if (data.errors.length) {
    const fields = data.errors.map((error) => ({ ...error, field: `data.${error.field}` }));
    throw new EventParseError('invalid_data', `Invalid ${type} data`, fields);
  }
  return json as IntegrationEvent;
}
