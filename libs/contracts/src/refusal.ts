import { FieldError } from './parse-event';

/**
 * What a refusal is about, which says how HTTP answers it: `conflict` (409) the state does not
 * allow it now, `not_found` (404) it names something that does not exist, `invalid` (400) it can
 * never be done as asked. A consumer dead-letters every refusal at once, with its code as reason.
 */
export type RefusalKind = 'conflict' | 'not_found' | 'invalid';

/** `message: field: problem, problem; field: problem`, as every error body with fields reads. */
export function messageWithFields(message: string, errors: readonly FieldError[] = []): string {
  const detail = errors.map((error) => `${error.field}: ${error.problems.join(', ')}`).join('; ');
  return detail ? `${message}: ${detail}` : message;
}

/**
 * The one way a decision refuses, in every service: thrown by a decider (a pure function of a
 * command and the state it read, returning what to record), with a machine code, a message for
 * people and, when the command had fields, what is wrong with each. HTTP answers it with the
 * status of its kind and the body `{statusCode, code, message, errors}` (ErrorBodyFilter); a
 * Kafka consumer sends the event to the dead letters at once, `dlq-reason` its code.
 */
export class Refusal extends Error {
  override readonly name: string = 'Refusal';
  readonly kind: RefusalKind;
  readonly errors?: readonly FieldError[];

  constructor(
    readonly code: string,
    message: string,
    options: { readonly kind?: RefusalKind; readonly errors?: readonly FieldError[] } = {},
  ) {
    super(message);
    this.kind = options.kind ?? 'conflict';
    if (options.errors?.length) this.errors = options.errors;
  }
}
