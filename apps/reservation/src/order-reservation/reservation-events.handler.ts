import { Injectable, Logger } from '@nestjs/common';
import { EventOf, IntegrationEvent, TOPICS, createEvent } from '@inventory/contracts';
import { ConsumeEvents, IntegrationEventHandler, TransactionScope, UnitOfWork } from '@inventory/messaging';
import { salableView, stockOfChannel } from '../salable-quantity/salable-view';
import {
  StockPosition,
  emptyPosition,
  withReservation,
  withSourceItems,
} from '../stock-position/stock-position';
import {
  lockPosition,
  lockPositions,
  lockPositionsAtSource,
  savePosition,
} from '../stock-position/stock-position.repository';
import { decideOrderReservation } from './decide-order-reservation';

const SERVICE = 'reservation';

/** Reserves orders from orders.v1 and follows source quantities from inventory.catalog.v1. */
@Injectable()
@ConsumeEvents({ groupId: SERVICE, topics: [TOPICS.orders, TOPICS.catalog] })
export class ReservationEventsHandler implements IntegrationEventHandler {
  private readonly logger = new Logger(ReservationEventsHandler.name);

  constructor(private readonly unitOfWork: UnitOfWork) {}

  async handle(event: IntegrationEvent): Promise<void> {
    switch (event.type) {
      case 'OrderPlaced':
        await this.unitOfWork.runOnce(SERVICE, event, (scope) => this.reserveOrder(event, scope));
        return;
      case 'SourceItemsSaved':
        await this.unitOfWork.runOnce(SERVICE, event, (scope) => this.applySourceItems(event, scope));
        return;
      case 'SourceSaved':
        await this.unitOfWork.runOnce(SERVICE, event, (scope) => this.applySourceEnabled(event, scope));
        return;
      default:
        // Other events of these topics matter to later features (compensations, topology).
        return;
    }
  }

  private async reserveOrder(
    event: EventOf<'OrderPlaced'>,
    { tx, publish }: TransactionScope,
  ): Promise<void> {
    const order = event.data;
    const decided: unknown[] = await tx.query(`SELECT 1 FROM order_reservations WHERE order_id = $1`, [
      order.orderId,
    ]);
    if (decided.length) {
      this.logger.warn(`Order ${order.orderId} was already decided; OrderPlaced ${event.eventId} ignored`);
      return;
    }
    const positions = await lockPositions(
      tx,
      order.items.map((line) => line.sku),
    );
    const decision = decideOrderReservation(order, { stockOfChannel, positions });
    const meta = { source: SERVICE, causedBy: event };
    if (decision.kind === 'reject') {
      await tx.query(`INSERT INTO order_reservations (order_id, status, lines) VALUES ($1, 'rejected', $2)`, [
        order.orderId,
        JSON.stringify(decision.lines),
      ]);
      publish({
        event: createEvent(
          'OrderReservationRejected',
          { orderId: order.orderId, lines: decision.lines },
          meta,
        ),
        key: order.orderId,
      });
      return;
    }
    await tx.query(
      `INSERT INTO order_reservations (order_id, stock_id, status, lines) VALUES ($1, $2, 'reserved', $3)`,
      [order.orderId, decision.stockId, JSON.stringify(order.items)],
    );
    publish({
      event: createEvent(
        'OrderReservationPlaced',
        { orderId: order.orderId, stockId: decision.stockId, items: order.items },
        meta,
      ),
      key: order.orderId,
    });
    for (const [sku, qty] of decision.quantities) {
      const reserved = withReservation(positions.get(sku) ?? emptyPosition(sku), -qty);
      await savePosition(tx, reserved);
      this.publishSalable(reserved, publish, meta);
    }
  }

  private async applySourceItems(
    event: EventOf<'SourceItemsSaved'>,
    { tx, publish }: TransactionScope,
  ): Promise<void> {
    const { sku, items } = event.data;
    const before = await lockPosition(tx, sku);
    const after = withSourceItems(before, items);
    await savePosition(tx, after);
    if (salableView(after).salableQty !== salableView(before).salableQty) {
      this.publishSalable(after, publish, { source: SERVICE, causedBy: event });
    }
  }

  /** A source switched off (or on) takes its quantity out of (or back into) every SKU it holds. */
  private async applySourceEnabled(
    event: EventOf<'SourceSaved'>,
    { tx, publish }: TransactionScope,
  ): Promise<void> {
    const { code, enabled } = event.data;
    const changed: unknown[] = enabled
      ? await tx.query(`DELETE FROM disabled_sources WHERE code = $1 RETURNING code`, [code])
      : await tx.query(
          `INSERT INTO disabled_sources (code) VALUES ($1) ON CONFLICT DO NOTHING RETURNING code`,
          [code],
        );
    if (changed.length === 0) return;
    for (const position of await lockPositionsAtSource(tx, code)) {
      this.publishSalable(position, publish, { source: SERVICE, causedBy: event });
    }
  }

  private publishSalable(
    position: StockPosition,
    publish: TransactionScope['publish'],
    meta: Parameters<typeof createEvent>[2],
  ) {
    publish({ event: createEvent('SalableQuantityChanged', salableView(position), meta), key: position.sku });
  }
}
