import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf, roundQty } from '@inventory/contracts';
import {
  UnitOfWork,
  catalogKey,
  claimIfNewer,
  claimOnce,
  deleteNewerSourceItems,
  newerItems,
} from '@inventory/messaging';

const GROUP = 'replenishment-catalog';
const consumer = { group: GROUP };

/**
 * This service's copy of what it needs of the catalog (inventory.catalog.v1): the sources goods
 * arrive at, the settings that say which SKUs are bought in fractions, each source item's
 * available quantity and safety stock (reorder points), and the transfers in transit (incoming).
 * A change of a source, settings scope or source item applies only when its catalog version is
 * newer than what was applied for it; a transfer's shipment, receipts and cancel each once.
 */
@Controller()
export class CatalogViewHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @EventPattern('SourceSaved', consumer)
  sourceSaved(@Payload() event: EventOf<'SourceSaved'>): Promise<unknown> {
    const { code, name, enabled, version } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.source(code), version))) return;
      await tx.query(
        `INSERT INTO catalog_sources (code, name, enabled) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, enabled = excluded.enabled`,
        [code, name, enabled],
      );
    });
  }

  @EventPattern('InventorySettingsChanged', consumer)
  settingsChanged(@Payload() event: EventOf<'InventorySettingsChanged'>): Promise<unknown> {
    const { scope, sku, settings, version } = event.data;
    const key = scope === 'sku' && sku ? `sku:${sku}` : 'global';
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, catalogKey.settings(key === 'global' ? undefined : sku), version)))
        return;
      await tx.query(
        `INSERT INTO catalog_settings (scope, settings) VALUES ($1, $2)
         ON CONFLICT (scope) DO UPDATE SET settings = excluded.settings`,
        [key, JSON.stringify(settings)],
      );
    });
  }

  @EventPattern('SourceItemsSaved', consumer)
  sourceItemsSaved(@Payload() event: EventOf<'SourceItemsSaved'>): Promise<unknown> {
    const { sku, items, version } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      const newest = await newerItems(tx, GROUP, sku, items, version);
      if (!newest.length) return;
      await tx.query(
        `INSERT INTO source_items (sku, source_code, quantity, safety_stock)
         SELECT $1, * FROM unnest($2::text[], $3::numeric[], $4::numeric[])
         ON CONFLICT (sku, source_code) DO UPDATE
           SET quantity = excluded.quantity, safety_stock = excluded.safety_stock`,
        [
          sku,
          newest.map((item) => item.sourceCode),
          newest.map((item) => item.quantity),
          newest.map((item) => item.safetyStock ?? 0),
        ],
      );
    });
  }

  @EventPattern('SourceItemsDeleted', consumer)
  sourceItemsDeleted(@Payload() event: EventOf<'SourceItemsDeleted'>): Promise<unknown> {
    return this.unitOfWork.runOnce(GROUP, event, ({ tx }) => deleteNewerSourceItems(tx, GROUP, event.data));
  }

  @EventPattern('TransferShipped', consumer)
  transferShipped(@Payload() event: EventOf<'TransferShipped'>): Promise<unknown> {
    const { transferId, fromSourceCode, toSourceCode, items, expectedAt } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimOnce(tx, GROUP, `transfer:${transferId}`))) return;
      await tx.query(
        `INSERT INTO transfer_lines (transfer_id, sku, from_source_code, to_source_code, in_transit, expected_at)
         SELECT $1, sku, $2, $3, sum(qty), $4 FROM unnest($5::text[], $6::numeric[]) AS l(sku, qty) GROUP BY sku
         ON CONFLICT DO NOTHING`,
        [
          transferId,
          fromSourceCode,
          toSourceCode,
          expectedAt,
          items.map((item) => item.sku),
          items.map((item) => item.qty),
        ],
      );
    });
  }

  @EventPattern('TransferReceived', consumer)
  transferReceived(@Payload() event: EventOf<'TransferReceived'>): Promise<unknown> {
    const { transferId, receiptId, items } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimOnce(tx, GROUP, `transfer:${transferId}/receipt:${receiptId}`))) return;
      // Good and damaged units alike are no longer in transit.
      await tx.query(
        `UPDATE transfer_lines t SET in_transit = greatest(0, t.in_transit - r.arrived)
           FROM (SELECT sku, sum(qty) AS arrived FROM unnest($2::text[], $3::numeric[]) AS r(sku, qty) GROUP BY sku) r
          WHERE t.transfer_id = $1 AND t.sku = r.sku`,
        [transferId, items.map((item) => item.sku), items.map((item) => roundQty(item.qty + item.damaged))],
      );
    });
  }

  @EventPattern('TransferCanceled', consumer)
  transferCanceled(@Payload() event: EventOf<'TransferCanceled'>): Promise<unknown> {
    return this.unitOfWork.runOnce(GROUP, event, ({ tx }) =>
      tx.query(`UPDATE transfer_lines SET in_transit = 0 WHERE transfer_id = $1`, [event.data.transferId]),
    );
  }

  @EventPattern('KitDefined', consumer)
  kitDefined(@Payload() event: EventOf<'KitDefined'>): Promise<unknown> {
    const { sku, components, version } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimIfNewer(tx, GROUP, `kit:${sku}`, version))) return;
      await (components.length
        ? tx.query(`INSERT INTO catalog_kits (sku) VALUES ($1) ON CONFLICT DO NOTHING`, [sku])
        : tx.query(`DELETE FROM catalog_kits WHERE sku = $1`, [sku]));
    });
  }
}
