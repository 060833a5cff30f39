import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key is `inv_<id>_<secret>`: the id (12 hex characters) finds the stored key, the secret
 * (32 random bytes, base64url) proves it. Only a SHA-256 of the whole key is stored: the secret is
 * random, so a slow password hash would add nothing but latency to every request.
 */
const KEY_PATTERN = /^inv_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  readonly id: string;
  /** The key as the client sends it; shown once, never stored. */
  readonly key: string;
  readonly hash: Buffer;
}

export function generateApiKey(random: (size: number) => Buffer = randomBytes): NewApiKey {
  const id = random(6).toString('hex');
  const key = `inv_${id}_${random(32).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}

/** The id inside a well-formed key, else undefined (no lookup is made for a malformed key). */
export function apiKeyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Compares in constant time, so response times say nothing about how much of a key was right. */
export function apiKeyMatches(key: string, storedHash: Buffer): boolean {
  const hash = hashApiKey(key);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
