import { Refusal } from '@inventory/contracts';

/** The Refusal `work` throws, to assert its code, kind and fields; fails if it throws none. */
export function refusalOf(work: () => unknown): Refusal {
  try {
    work();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal, and the decision went through');
}
