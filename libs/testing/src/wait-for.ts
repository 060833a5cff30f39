/**
 * Polls `probe` until it returns a value (not undefined) or the time is up. A probe that never
 * settles counts as failing once the time is up: the wait ends then, whatever the probe does.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await beforeDeadline(Promise.resolve(probe()), deadline, what);
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls `read` until its value equals `expected` (as JSON), saying the last value it saw if not. */
export async function waitForEqual<T>(
  read: () => Promise<T>,
  expected: T,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  let last: T | undefined;
  await waitFor(
    async () => {
      last = await read();
      return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
    },
    { what, timeoutMs },
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}\n  expected: ${JSON.stringify(expected)}\n  last seen: ${JSON.stringify(last)}`,
    );
  });
}

/** `work`, or a rejection once `deadline` (epoch ms) has passed, whichever settles first. */
async function beforeDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the probe for ${what} did not settle`)),
      Math.max(0, deadline - Date.now()) + 1,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
