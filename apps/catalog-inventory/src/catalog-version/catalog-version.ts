import { EntityManager } from 'typeorm';

/**
 * The version a catalog event carries. Take it after the rows the event describes are written:
 * their locks are held until commit, so a later change of the same row waits and takes a higher
 * number. Consumers keep the highest version per key and ignore older events delivered again.
 */
export async function nextCatalogVersion(tx: EntityManager): Promise<number> {
  const [{ version }]: { version: string }[] = await tx.query(
    `SELECT nextval('catalog_versions') AS version`,
  );
  return Number(version);
}
