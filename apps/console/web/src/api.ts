/** The services, as the console server proxies them. */
export type Service = 'catalog' | 'reservation' | 'fulfillment' | 'notification' | 'replenishment';

const KEY = 'inventory-console-api-key';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** A field the service refused, as its error body names it (`address.city`, `items.0.quantity`). */
export interface FieldError {
  readonly field: string;
  readonly problems: readonly string[];
}

/** A refusal from a service: its code, message and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
    /** The whole error body (a refused import's report, say). */
    readonly body?: unknown,
  ) {
    super(message);
  }

  /** The problems of one field (and of the fields inside it), for the message next to it. */
  problemsOf(field: string): string[] {
    return this.fields
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`))
      .flatMap((error) => error.problems);
  }
}

/** What to show of a failure: a refusal's message, or what the network said. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A failure as an ApiError, for a form to place at its fields (a network failure names none). */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, 'network', String(error));

/** Calls a service's route with the merchant's key; a refusal becomes an ApiError. */
export function call<T>(
  service: Service,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  return send<T>(
    service,
    method,
    path,
    body === undefined ? undefined : { type: 'application/json', content: JSON.stringify(body) },
    headers,
  );
}

/** Sends a file (a CSV import) as the request body, with its content type. */
export function upload<T>(service: Service, path: string, file: Blob, type: string): Promise<T> {
  return send<T>(service, 'POST', path, { type, content: file });
}

async function send<T>(
  service: Service,
  method: string,
  path: string,
  body?: { type: string; content: BodyInit },
  headers: Record<string, string> = {},
): Promise<T> {
  const request = () =>
    fetch(`/api/${service}${path}`, {
      method,
      headers: { ...headers, 'x-api-key': apiKey.get(), ...(body ? { 'content-type': body.type } : {}) },
      body: body?.content,
    });
  let response = await request();
  // A service that says when to come back (429 over the key's rate, 503 while a database is away)
  // is asked again then, a few times, before the page shows the refusal.
  for (let retry = 0; retry < 3 && (response.status === 429 || response.status === 503); retry++) {
    const seconds = Math.min(5, Number(response.headers.get('retry-after')) || 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await request();
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.code ?? `http_${response.status}`,
      json?.message ?? response.statusText,
      json?.errors,
      json,
    );
  }
  return json as T;
}

/**
 * Follows a stream of server-sent events with the merchant's key (EventSource cannot send one),
 * reconnecting after a second when it drops. Returns what stops it.
 */
export function follow(
  service: Service,
  path: string,
  onEvent: (type: string, data: unknown) => void,
): () => void {
  const stop = new AbortController();
  const dispatch = (block: string) => {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length && type !== 'ping') onEvent(type, JSON.parse(data.join('\n')));
  };
  void (async () => {
    while (!stop.signal.aborted) {
      try {
        const response = await fetch(`/api/${service}${path}`, {
          headers: { 'x-api-key': apiKey.get() },
          signal: stop.signal,
        });
        const reader = (response.body as ReadableStream<BufferSource>)
          .pipeThrough(new TextDecoderStream())
          .getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // dropped or stopped: try again unless stopped
      }
      if (!stop.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return () => stop.abort();
}

/** Downloads what a route answers (a CSV export) as a file, sending the key with the request. */
export async function download(service: Service, path: string, filename: string): Promise<void> {
  const response = await fetch(`/api/${service}${path}`, { headers: { 'x-api-key': apiKey.get() } });
  if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, await response.text());
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}
