import { readFileSync } from 'node:fs';
import { fetchWithin } from '@inventory/testing';

/**
 * The key the demo tools call the services with: API_KEY, else the demo admin key `npm start`
 * keeps in .local/demo-admin.key (`npm run keys -- demo-admin` prints it).
 */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.API_KEY) return env.API_KEY;
  try {
    return readFileSync('.local/demo-admin.key', 'utf8').trim();
  } catch {
    throw new Error('No API key: set API_KEY, or run `npm run keys -- demo-admin` (npm start does)');
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the demo prints what the services answer
export type Json = any;

/** One JSON request with the demo key; the status and the parsed body. */
export async function requestJson(
  method: string,
  url: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<{ status: number; body: Json; text: string }> {
  // A service that accepted the connection and never answers (a frozen process) is given up on.
  const { status, text } = await fetchWithin(
    url,
    {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': apiKeyFromEnv() },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    timeoutMs,
  );
  return { status, body: text ? JSON.parse(text) : undefined, text };
}
