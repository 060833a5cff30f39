import { FieldError, Refusal } from '@inventory/contracts';

/**
 * For decider specs written as tables: the decider's answer, or the 409 Refusal it throws seen as
 * `{ kind: 'refused', code, errors }` (any other error is thrown on).
 */
export function refusedAsValue<A extends unknown[], R>(decide: (...args: A) => R) {
  return (...args: A): R | { kind: 'refused'; code: string; errors: readonly FieldError[] } => {
    try {
      return decide(...args);
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind !== 'conflict') throw error;
      return { kind: 'refused', code: error.code, errors: error.errors ?? [] };
    }
  };
}
