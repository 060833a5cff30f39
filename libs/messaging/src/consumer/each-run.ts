/**
 * Walks `items` in order: each run of consecutive items that `inRun` accepts goes to `onRun` at
 * once, every other item to `onOther` alone, between them. How a fetched batch is applied in runs
 * (one transaction or one append per run) without reordering anything.
 */
export async function eachRun<T, R extends T = T>(
  items: Iterable<T>,
  inRun: (item: T) => item is R,
  onRun: (run: R[]) => Promise<void>,
  onOther: (item: T) => Promise<void>,
): Promise<void> {
  let run: R[] = [];
  const flush = async () => {
    if (!run.length) return;
    const ready = run;
    run = [];
    await onRun(ready);
  };
  for (const item of items) {
    if (inRun(item)) run.push(item);
    else {
      await flush();
      await onOther(item);
    }
  }
  await flush();
}
