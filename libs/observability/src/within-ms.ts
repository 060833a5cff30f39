/**
 * `promise`, or `onTimeout()` when it has not settled within `ms`: for answers that must come in
 * time even when what they ask does not (a health check, a metrics scrape). The timer does not
 * keep the process alive. `onTimeout` may throw, to reject instead.
 */
export async function withinMs<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
