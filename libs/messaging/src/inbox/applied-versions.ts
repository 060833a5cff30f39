import { EntityManager } from 'typeorm';

/**
 * Of `keys`, those for which `version` is newer than what this consumer applied; records it for
 * them, in the caller's transaction. Concurrent claims of one key take turns on its row, so one
 * version is applied once and never after a newer one. An event without a version was published
 * before the producer numbered its events: newer only for keys that have no version applied yet.
 */
export async function claimNewer(
  tx: EntityManager,
  consumer: string,
  keys: readonly string[],
  version: number | undefined,
): Promise<Set<string>> {
  if (!keys.length) return new Set();
  if (version === undefined) {
    const numbered: { entity_key: string }[] = await tx.query(
      `SELECT entity_key FROM applied_versions WHERE consumer = $1 AND entity_key = ANY($2)`,
      [consumer, [...new Set(keys)]],
    );
    const known = new Set(numbered.map((row) => row.entity_key));
    return new Set(keys.filter((key) => !known.has(key)));
  }
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

/** The keys catalog versions are kept under ('/' is in no code, so an item's key is unambiguous). */
export const catalogKey = {
  item: (sku: string, sourceCode: string) => `item:${sku}/${sourceCode}`,
  stock: (stockId: number) => `stock:${stockId}`,
  source: (code: string) => `source:${code}`,
  /** A SKU's settings, or the global ones. */
  settings: (sku?: string) => (sku ? `settings:${sku}` : 'settings:global'),
};

/** Whether a catalog event about one entity is newer than what this consumer applied (and records it). */
export async function claimIfNewer(
  tx: EntityManager,
  consumer: string,
  key: string,
  version: number | undefined,
): Promise<boolean> {
  return (await claimNewer(tx, consumer, [key], version)).has(key);
}

/** Of a SKU's items in a catalog event, those newer than what this consumer applied. */
export async function newerItems<T extends { readonly sourceCode: string }>(
  tx: EntityManager,
  consumer: string,
  sku: string,
  items: readonly T[],
  version: number | undefined,
): Promise<T[]> {
  const fresh = await claimNewer(
    tx,
    consumer,
    items.map((item) => catalogKey.item(sku, item.sourceCode)),
    version,
  );
  return items.filter((item) => fresh.has(catalogKey.item(sku, item.sourceCode)));
}

/**
 * A SourceItemsDeleted applied to a catalog view: the SKU's rows at the sources whose deletion is
 * newer than what this consumer applied there (the deletion's version stays as a tombstone).
 */
export async function deleteNewerSourceItems(
  tx: EntityManager,
  consumer: string,
  deleted: { readonly sku: string; readonly sourceCodes: readonly string[]; readonly version?: number },
): Promise<void> {
  const { sku, sourceCodes, version } = deleted;
  const gone = await newerItems(
    tx,
    consumer,
    sku,
    sourceCodes.map((sourceCode) => ({ sourceCode })),
    version,
  );
  await tx.query(`DELETE FROM source_items WHERE sku = $1 AND source_code = ANY($2)`, [
    sku,
    gone.map((item) => item.sourceCode),
  ]);
}
