import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { createEvent, pairKey } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { knownSources, linkedSources, sourceStock } from '../catalog-view/catalog-view';
import { assertShippable, requireOrder } from '../orders/order-access';
import { unitsBySku } from '@inventory/order-lines';
import { addToLines, readOrderLines } from '../orders/order-store';
import { orderKits } from '../orders/order-kits';
import { OrderRow } from '../orders/order-view';
import { ShipmentItem, decideShipment, mergeShipmentItems } from './decide-shipment';
import { CreateShipmentRequest, ShipmentView } from './shipment.dto';
import { insertShipment, readShipments } from './shipment-store';

const sameItems = (a: readonly ShipmentItem[], b: readonly ShipmentItem[]) => {
  const key = (items: readonly ShipmentItem[]) =>
    items
      .map((i) => `${pairKey(i.sku, i.sourceCode)}=${i.qty}`)
      .sort()
      .join('|');
  return key(a) === key(b);
};

@Injectable()
export class ShipmentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Records a shipment and publishes ShipmentCreated in the same transaction. The catalog then
   * deducts the sources and the reservation service gives the reservation back. The order's row
   * lock makes shipments of one order take turns; the source items' locks make shipments of
   * different orders that draw on the same source take turns.
   */
  async create(request: CreateShipmentRequest): Promise<{ shipment: ShipmentView; created: boolean }> {
    return this.unitOfWork.run(async ({ tx, publish }) => {
      const order = await requireOrder(tx, request.orderId, true);
      if (request.shipmentId) {
        const [existing] = await readShipments(tx, { shipmentId: request.shipmentId });
        if (existing) return { shipment: this.sameOrRefuse(existing, request, order), created: false };
      }
      assertShippable(order);
      const pickupLocationCode = request.pickupLocationCode ?? null;
      if (pickupLocationCode) await this.checkPickupLocation(tx, pickupLocationCode);
      const sources = await linkedSources(tx, order.stock_id, { placedAt: order.placed_at });
      // A kit's item ships its components: theirs are the source items to read and lock.
      const shipped = mergeShipmentItems(request.items, orderKits(order));
      const stock = await sourceStock(
        tx,
        shipped.map((item) => item.sku),
        true,
      );
      const decision = decideShipment(request.items, {
        orderId: request.orderId,
        stockId: order.stock_id,
        lines: await readOrderLines(tx, request.orderId),
        linkedSources: new Map(sources.map((source) => [source.sourceCode, source])),
        onHand: (sku, sourceCode) => stock.get(pairKey(sku, sourceCode))?.onHand,
        kits: orderKits(order),
      });

      const shipmentId = request.shipmentId ?? randomUUID();
      await insertShipment(tx, {
        shipmentId,
        orderId: request.orderId,
        pickupLocationCode,
        items: decision.items,
      });
      await addToLines(tx, request.orderId, 'shipped', unitsBySku(decision.items));
      publish({
        event: createEvent(
          'ShipmentCreated',
          { shipmentId, orderId: request.orderId, items: decision.items },
          { source: 'fulfillment' },
        ),
        key: request.orderId,
      });
      const [shipment] = await readShipments(tx, { shipmentId });
      return { shipment, created: true };
    });
  }

  async get(shipmentId: string): Promise<ShipmentView> {
    const [shipment] = await readShipments(this.dataSource.manager, { shipmentId });
    if (!shipment) throw ApiError.notFound('shipment_not_found', `Shipment "${shipmentId}" is not known`);
    return shipment;
  }

  /** The customer collected an in-store pickup; doing it again changes nothing. */
  async markPickedUp(shipmentId: string): Promise<ShipmentView> {
    const shipment = await this.get(shipmentId);
    if (shipment.kind !== 'pickup') {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'not_a_pickup',
        `Shipment "${shipmentId}" was shipped, not left for pickup at a pickup location`,
      );
    }
    await this.dataSource.query(
      `UPDATE shipments SET picked_up_at = now() WHERE shipment_id = $1 AND picked_up_at IS NULL`,
      [shipmentId],
    );
    return this.get(shipmentId);
  }

  /** A retried request answers with what it made the first time; another with the same id is refused. */
  private sameOrRefuse(
    existing: ShipmentView,
    request: CreateShipmentRequest,
    order: OrderRow,
  ): ShipmentView {
    const merged = mergeShipmentItems(request.items, orderKits(order));
    if (existing.orderId === request.orderId && sameItems(existing.items, merged)) return existing;
    throw ApiError.forFields(HttpStatus.CONFLICT, 'shipment_exists', 'Another shipment has this id', [
      { field: 'shipmentId', problems: [`shipment "${existing.shipmentId}" exists with other items`] },
    ]);
  }

  private async checkPickupLocation(tx: EntityManager, code: string): Promise<void> {
    const source = (await knownSources(tx, [code])).get(code);
    const problem = !source
      ? `source "${code}" does not exist`
      : !source.isPickupLocation
        ? `source "${code}" is not a pickup location`
        : !source.enabled
          ? `source "${code}" is disabled`
          : undefined;
    if (problem) {
      throw ApiError.forFields(HttpStatus.CONFLICT, 'not_a_pickup_location', 'The shipment was refused', [
        { field: 'pickupLocationCode', problems: [problem] },
      ]);
    }
  }
}
