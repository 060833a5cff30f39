// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
export type Json = any;

/** The test admin key (made by the test set-up) unless a test names another key; null sends none. */
const headersWith = (apiKey: string | null | undefined, headers: Record<string, string> = {}) => {
  const key = apiKey === undefined ? process.env.TEST_API_KEY : apiKey;
  return key === null || key === undefined ? headers : { ...headers, 'x-api-key': key };
};

export async function getJson(url: string, apiKey?: string | null): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { headers: headersWith(apiKey) });
  return { status: response.status, body: await response.json() };
}

export async function sendJson(
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  apiKey?: string | null,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, {
    method,
    headers: headersWith(apiKey, { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The body of a response as text; a stream of server-sent events (which does not end) is closed
 * at once and read as ''.
 */
export async function bodyText(response: Response): Promise<string> {
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    await response.body?.cancel();
    return '';
  }
  return response.text();
}
