import { EntityManager } from 'typeorm';

/**
 * Of `keys`, those for which `version` is newer than what this consumer applied; records it for
 * them, in the caller's transaction. Concurrent claims of one key take turns on its row, so one
 * version is applied once and never after a newer one. Without a version (an older producer's
 * event) every key is newer: there is nothing to compare.
 */
export async function claimNewer(
  tx: EntityManager,
  consumer: string,
  keys: readonly string[],
  version: number | undefined,
): Promise<Set<string>> {
  if (version === undefined || !keys.length) return new Set(keys);
  const rows: { entity_key: string }[] = await tx.query(
    `INSERT INTO applied_versions (consumer, entity_key, version)
     SELECT $1, key, $3 FROM unnest($2::text[]) AS key
     ON CONFLICT (consumer, entity_key) DO UPDATE SET version = excluded.version
       WHERE applied_versions.version < excluded.version
     RETURNING entity_key`,
    [consumer, [...new Set(keys)], version],
  );
  return new Set(rows.map((row) => row.entity_key));
}

/** Whether this consumer applies the document (a shipment, a credit memo) for the first time. */
export async function claimOnce(tx: EntityManager, consumer: string, documentKey: string): Promise<boolean> {
  return (await claimNewer(tx, consumer, [documentKey], 1)).size === 1;
}
