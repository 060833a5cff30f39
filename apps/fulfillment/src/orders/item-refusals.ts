import { FieldError, Refusal } from '@inventory/contracts';

/** Collects a decider's problems with a request's items, so one refusal names all of them. */
export class ItemRefusals {
  private readonly problems: { code: string; error: FieldError }[] = [];

  add(code: string, field: string, problem: string): void {
    this.problems.push({ code, error: { field, problems: [problem] } });
  }

  /**
   * Throws the refusal (409, every bad item named; its code is the first problem's, for callers
   * that switch on one) when anything was wrong.
   */
  refuseIfAny(message: string): void {
    if (!this.problems.length) return;
    throw new Refusal(this.problems[0].code, message, { errors: this.problems.map((p) => p.error) });
  }
}
