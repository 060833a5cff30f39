import { FieldError } from '@inventory/contracts';

/** A request refused: every bad item named; `code` is the first problem's, for callers that switch on one. */
export interface Refused {
  readonly kind: 'refused';
  readonly code: string;
  readonly errors: readonly FieldError[];
}

/** Collects a decider's problems with a request's items, so one answer names all of them. */
export class ItemRefusals {
  private readonly problems: { code: string; error: FieldError }[] = [];

  add(code: string, field: string, problem: string): void {
    this.problems.push({ code, error: { field, problems: [problem] } });
  }

  /** The refusal, or undefined when nothing was wrong. */
  verdict(): Refused | undefined {
    if (!this.problems.length) return undefined;
    return { kind: 'refused', code: this.problems[0].code, errors: this.problems.map((p) => p.error) };
  }
}
