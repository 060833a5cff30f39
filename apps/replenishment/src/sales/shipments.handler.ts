import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf } from '@inventory/contracts';
import { UnitOfWork, claimOnce } from '@inventory/messaging';

const GROUP = 'replenishment';

/** Days of shipments kept: the 28 days reorder points look at, and a margin. */
export const SALES_DAYS_KEPT = 35;

/**
 * Sales as the reorder point counts them: the units fulfillment shipped per SKU, source and day
 * (fulfillment.v1 ShipmentCreated), each shipment once however often it is delivered. Days older
 * than SALES_DAYS_KEPT are dropped as new ones come.
 */
@Controller()
export class ShipmentsHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @EventPattern('ShipmentCreated', { group: GROUP })
  shipmentCreated(@Payload() event: EventOf<'ShipmentCreated'>): Promise<unknown> {
    const { shipmentId, items } = event.data;
    return this.unitOfWork.runOnce(GROUP, event, async ({ tx }) => {
      if (!(await claimOnce(tx, GROUP, `shipment:${shipmentId}`))) return;
      await tx.query(
        `INSERT INTO shipped_units (day, sku, source_code, qty)
         SELECT $1::timestamptz::date, sku, source_code, sum(qty)
           FROM unnest($2::text[], $3::text[], $4::numeric[]) AS l(sku, source_code, qty)
          GROUP BY sku, source_code
         ON CONFLICT (day, sku, source_code) DO UPDATE SET qty = shipped_units.qty + excluded.qty`,
        [
          event.occurredAt,
          items.map((item) => item.sku),
          items.map((item) => item.sourceCode),
          items.map((item) => item.qty),
        ],
      );
      await tx.query(`DELETE FROM shipped_units WHERE day < current_date - $1::int`, [SALES_DAYS_KEPT]);
    });
  }
}
