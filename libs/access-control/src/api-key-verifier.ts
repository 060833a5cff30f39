import { apiKeyIdOf, apiKeyMatches } from './api-key';
import { StoredApiKey } from './api-key-store';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { Role } from './roles';

/** Who is calling: attached to the request once the key is verified. */
export interface Caller {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly rateLimitPerSecond: number | null;
  /** The sales channels the key may act for; null = every channel. */
  readonly salesChannels: readonly string[] | null;
}

/** Whether the caller may act for this sales channel (a caller without a scope may for every one). */
export const mayActFor = (caller: Pick<Caller, 'salesChannels'> | undefined, salesChannel: string) =>
  !caller?.salesChannels || caller.salesChannels.includes(salesChannel);

export type Verification =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly code: 'api_key_missing' | 'api_key_invalid'; readonly message: string }
  | {
      readonly ok: false;
      readonly code: 'auth_rate_limited';
      readonly message: string;
      readonly retryAfterSeconds: number;
    };

export interface ApiKeyVerifierOptions {
  /** How long a key read from the store is trusted (so a revocation takes this long to land). */
  readonly cacheMs: number;
  /** How long an id the store does not know is remembered as unknown. */
  readonly unknownCacheMs?: number;
  /** Ids remembered at most (the oldest forgotten first): invented ids cannot fill the memory. */
  readonly maxEntries?: number;
  /** Unknown keys an address may present per minute before it is told to wait (429). */
  readonly failuresPerMinute?: number;
}

export const API_KEY_MISSING = {
  ok: false,
  code: 'api_key_missing',
  message: 'An API key is required in the x-api-key header',
} as const satisfies Verification;
const INVALID: Verification = {
  ok: false,
  code: 'api_key_invalid',
  message: 'The API key is unknown or revoked',
};

/**
 * Checks presented keys against the store, keeping what it read for `cacheMs` (ids it does not
 * know for `unknownCacheMs`) so a busy route costs one query per key per period, not one per
 * request, and a client inventing keys costs one query per invented key until reads for its
 * address have found nothing `failuresPerMinute` times; then it is refused (429) without a query for the rest of the
 * minute. Keys already remembered keep working from that address: behind a proxy many clients
 * share one. A revocation takes effect within `cacheMs` on every instance.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { stored: StoredApiKey | undefined; until: number }>();
  private readonly failures: FailedAuthLimiter;
  private readonly unknownCacheMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly findForUse: (id: string) => Promise<StoredApiKey | undefined>,
    private readonly options: ApiKeyVerifierOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.unknownCacheMs = options.unknownCacheMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.failures = new FailedAuthLimiter(options.failuresPerMinute ?? Infinity, this.maxEntries, now);
  }

  /** `client` is the caller's address, for the limit on failed attempts. */
  async verify(presented: string | undefined, client = 'unknown'): Promise<Verification> {
    if (!presented) return API_KEY_MISSING;
    const id = apiKeyIdOf(presented);
    if (!id) return INVALID;
    let cached = this.remembered(id);
    const read = !cached;
    // An id once found valid is read again whatever the address did: behind a proxy, clients with
    // good keys share the address of one that invents keys.
    if (!cached) {
      const waitMs = this.cache.get(id)?.stored ? 0 : this.failures.blockedForMs(client);
      if (waitMs > 0) return rateLimited(Math.ceil(waitMs / 1000));
      cached = await this.read(id);
    }
    const { stored } = cached;
    if (!stored || stored.revokedAt || !apiKeyMatches(presented, stored.hash)) {
      // Only a read that found nothing counts: an answer from memory costs nothing.
      if (read) this.failures.recordFailure(client);
      return INVALID;
    }
    return {
      ok: true,
      caller: {
        keyId: stored.id,
        name: stored.name,
        roles: stored.roles,
        rateLimitPerSecond: stored.rateLimitPerSecond,
        salesChannels: stored.salesChannels,
      },
    };
  }

  private remembered(id: string) {
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now()) return cached;
    return undefined;
  }

  private async read(id: string) {
    const stored = await this.findForUse(id);
    const entry = { stored, until: this.now() + (stored ? this.options.cacheMs : this.unknownCacheMs) };
    // Re-inserted at the end, so the Map's order is oldest first.
    this.cache.delete(id);
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, entry);
    return entry;
  }
}

function rateLimited(retryAfterSeconds: number): Verification {
  return {
    ok: false,
    code: 'auth_rate_limited',
    message: `Too many requests with unknown API keys from this address; retry after ${retryAfterSeconds} s`,
    retryAfterSeconds,
  };
}
