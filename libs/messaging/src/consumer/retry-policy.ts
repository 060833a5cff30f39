export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1): exponential, capped, with jitter. */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** (attempt - 1));
  // Full jitter in the upper half keeps retries of many consumers from aligning.
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
