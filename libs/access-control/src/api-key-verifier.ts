import { apiKeyIdOf, apiKeyMatches } from './api-key';
import { StoredApiKey } from './api-key-store';
import { Role } from './roles';

/** Who is calling: attached to the request once the key is verified. */
export interface Caller {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly rateLimitPerSecond: number | null;
}

export type Verification =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly code: 'api_key_missing' | 'api_key_invalid'; readonly message: string };

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
 * Checks presented keys against the store, keeping what it read for `cacheMs` so a busy route
 * costs one query per key per period, not one per request. A revocation therefore takes effect
 * within `cacheMs` on every instance.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { stored: StoredApiKey | undefined; until: number }>();

  constructor(
    private readonly findForUse: (id: string) => Promise<StoredApiKey | undefined>,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(presented: string | undefined): Promise<Verification> {
    if (!presented) return API_KEY_MISSING;
    const id = apiKeyIdOf(presented);
    if (!id) return INVALID;
    const stored = await this.lookup(id);
    if (!stored || stored.revokedAt || !apiKeyMatches(presented, stored.hash)) return INVALID;
    return {
      ok: true,
      caller: {
        keyId: stored.id,
        name: stored.name,
        roles: stored.roles,
        rateLimitPerSecond: stored.rateLimitPerSecond,
      },
    };
  }

  private async lookup(id: string): Promise<StoredApiKey | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > this.now()) return cached.stored;
    const stored = await this.findForUse(id);
    // Unknown ids are not remembered: anyone can invent them, and they would fill the cache.
    if (stored) this.cache.set(id, { stored, until: this.now() + this.cacheMs });
    else this.cache.delete(id);
    return stored;
  }
}
