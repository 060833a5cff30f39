import { EntityManager } from 'typeorm';
import { ShipmentItem } from './decide-shipment';
import { ShipmentView } from './shipment.dto';

interface ShipmentRow {
  shipment_id: string;
  order_id: string;
  pickup_location_code: string | null;
  picked_up_at: Date | null;
  created_at: Date;
  items: { sku: string; sourceCode: string; qty: string; deducted: boolean }[];
}

const toView = (row: ShipmentRow): ShipmentView => ({
  shipmentId: row.shipment_id,
  orderId: row.order_id,
  kind: row.pickup_location_code ? 'pickup' : 'shipment',
  status: !row.pickup_location_code ? 'shipped' : row.picked_up_at ? 'picked_up' : 'awaiting_pickup',
  pickupLocationCode: row.pickup_location_code,
  createdAt: row.created_at.toISOString(),
  pickedUpAt: row.picked_up_at?.toISOString() ?? null,
  items: row.items.map((item) => ({ ...item, qty: Number(item.qty) })),
});

/** Shipments of an order (oldest first) or the one shipment, with their lines. */
export async function readShipments(
  tx: EntityManager,
  where: { orderId: string } | { shipmentId: string },
): Promise<ShipmentView[]> {
  const [column, value] =
    'orderId' in where ? ['order_id', where.orderId] : ['shipment_id', where.shipmentId];
  const rows: ShipmentRow[] = await tx.query(
    `SELECT s.*, (SELECT json_agg(json_build_object('sku', l.sku, 'sourceCode', l.source_code,
                                                     'qty', l.qty::text, 'deducted', l.deducted)
                              ORDER BY l.sku, l.source_code)
                    FROM shipment_lines l WHERE l.shipment_id = s.shipment_id) AS items
       FROM shipments s WHERE s.${column} = $1 ORDER BY s.created_at, s.shipment_id`,
    [value],
  );
  return rows.map(toView);
}

export async function insertShipment(
  tx: EntityManager,
  shipment: {
    shipmentId: string;
    orderId: string;
    pickupLocationCode: string | null;
    items: readonly ShipmentItem[];
  },
): Promise<void> {
  await tx.query(`INSERT INTO shipments (shipment_id, order_id, pickup_location_code) VALUES ($1, $2, $3)`, [
    shipment.shipmentId,
    shipment.orderId,
    shipment.pickupLocationCode,
  ]);
  await tx.query(
    `INSERT INTO shipment_lines (shipment_id, sku, source_code, qty)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::numeric[])`,
    [
      shipment.shipmentId,
      shipment.items.map((item) => item.sku),
      shipment.items.map((item) => item.sourceCode),
      shipment.items.map((item) => item.qty),
    ],
  );
}
