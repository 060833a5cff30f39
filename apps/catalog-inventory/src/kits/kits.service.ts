import { Injectable } from '@nestjs/common';
import { createEvent } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { nextCatalogVersion } from '../catalog-version/catalog-version';
import { effectiveSettings } from '../settings/settings.service';
import { KitComponentLine, decideKit } from './decide-kit';
import { KitComponentsRequest, KitView } from './kits.dto';

@Injectable()
export class KitsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Replaces a SKU's components and publishes KitDefined, in one transaction; kit edits take turns. */
  async define(sku: string, request: KitComponentsRequest): Promise<KitView> {
    return this.unitOfWork.run(async ({ tx, publish }) => {
      // One kit definition at a time: the nesting rule reads what the others define.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kit-definitions'))`);
      const skus = [sku, ...request.components.map((component) => component.sku)];
      const kits: { kit_sku: string }[] = await tx.query(
        `SELECT DISTINCT kit_sku FROM kit_components WHERE kit_sku = ANY($1)`,
        [skus],
      );
      const containers: { kit_sku: string }[] = await tx.query(
        `SELECT kit_sku FROM kit_components WHERE component_sku = $1 ORDER BY kit_sku`,
        [sku],
      );
      const [{ stocked }] = await tx.query(
        `SELECT EXISTS (SELECT 1 FROM source_items WHERE sku = $1) AS stocked`,
        [sku],
      );
      const settings = await effectiveSettings(
        tx,
        request.components.map((component) => component.sku),
      );
      const components = decideKit(sku, request.components, {
        kits: new Set(kits.map((row) => row.kit_sku).filter((kit) => kit !== sku)),
        usedBy: new Map(containers.length ? [[sku, containers.map((row) => row.kit_sku)]] : []),
        hasSourceItems: () => stocked,
        usesDecimals: (component) => settings.get(component)?.settings.isQtyDecimal ?? false,
      });
      await tx.query(`DELETE FROM kit_components WHERE kit_sku = $1`, [sku]);
      if (components.length)
        await tx.query(
          `INSERT INTO kit_components (kit_sku, component_sku, qty)
           SELECT $1, * FROM unnest($2::text[], $3::numeric[])`,
          [sku, components.map((c) => c.sku), components.map((c) => c.qty)],
        );
      const version = await nextCatalogVersion(tx);
      publish({
        event: createEvent('KitDefined', { sku, components, version }, { source: 'catalog-inventory' }),
        key: sku,
      });
      return { sku, components };
    });
  }

  async get(sku: string): Promise<KitView> {
    return { sku, components: await componentsOf(this.dataSource.manager, sku) };
  }
}

export async function componentsOf(tx: EntityManager, sku: string): Promise<KitComponentLine[]> {
  const rows: { component_sku: string; qty: string }[] = await tx.query(
    `SELECT component_sku, qty FROM kit_components WHERE kit_sku = $1 ORDER BY component_sku`,
    [sku],
  );
  return rows.map((row) => ({ sku: row.component_sku, qty: Number(row.qty) }));
}
