/** What a request answered, its body read to the end. */
export interface Answered {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

/**
 * `fetch` and the whole body, given up on after `timeoutMs` however the exchange hangs. An abort
 * signal alone is not enough: when it fires while undici reads the body, the read can stay pending
 * forever (nodejs/node#56917), and a harness waiting on it waits with it. So the exchange also races
 * a timer of its own, and the timer is cleared once it is settled.
 */
export async function fetchWithin(url: string, init: RequestInit, timeoutMs: number): Promise<Answered> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${init.method ?? 'GET'} ${url}: no answer within ${timeoutMs} ms`);
      abort.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const exchange = async () => {
    const response = await fetch(url, { ...init, signal: abort.signal });
    return { status: response.status, ok: response.ok, text: await response.text() };
  };
  try {
    return await Promise.race([exchange(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
