import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf, IntegrationEvent, pairKey } from '@inventory/contracts';
import {
  batchItems,
  PositionedEvent,
  TransactionScope,
  UnitOfWork,
  UnprocessableEventError,
  claimOnce,
} from '@inventory/messaging';
import { unitsBySku } from '@inventory/order-lines';
import { existingSourceCodes } from '../sources/known-sources';
import {
  lockSourceItems,
  newSourceItem,
  SaveOptions,
  saveSourceItems,
  withAvailableQuantity,
} from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';

const GROUP = 'catalog-inventory';

/** Magento's words when a shipment asks for more than the source has. */
export const NOT_ALL_AVAILABLE = 'Not all of your products are available in the requested quantity.';

/**
 * Source quantity drops when a shipment is created and rises when a credit memo returns goods to
 * stock (the order lifecycle in docs/stock-integrity.md) or a purchase order's goods are received
 * (replenishment.v1). Each event is applied once.
 */
@Controller()
export class FulfillmentEventsHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * A fetched batch in one transaction (one commit, not one per event, so a backlog drains fast).
   * Every source item the batch touches is locked first, in one order, so batches of two instances
   * and the merchant's edits cannot deadlock. Each event applies once per event id (the inbox) and
   * once per shipment or credit memo id: the same document published again under a new event id
   * deducts or returns nothing twice. Alone (a batch that failed is handled again one by one, and
   * the event that fails alone is dead-lettered), an event is a batch of one.
   */
  @EventPattern(['ShipmentCreated', 'CreditMemoCreated', 'GoodsReceived'], { group: GROUP, batch: true })
  async fulfillmentEvents(@Payload() events: readonly PositionedEvent[]): Promise<void> {
    const items = batchItems(events, (event) => this.effectOf(event));
    const pairs = items.flatMap(({ event }) => {
      if (event.type === 'GoodsReceived')
        return event.data.lines.map((line) => ({ sku: line.sku, sourceCode: event.data.sourceCode }));
      return event.type === 'ShipmentCreated' || event.type === 'CreditMemoCreated'
        ? event.data.items.flatMap((line) =>
            'sourceCode' in line && line.sourceCode ? [{ sku: line.sku, sourceCode: line.sourceCode }] : [],
          )
        : [];
    });
    await this.unitOfWork.runEachOnce(GROUP, items, ({ tx }) => lockSourceItems(tx, pairs));
  }

  private effectOf(event: IntegrationEvent): ((scope: TransactionScope) => Promise<void>) | undefined {
    if (event.type === 'ShipmentCreated')
      return async (scope) => {
        if (await claimOnce(scope.tx, GROUP, `shipment:${event.data.shipmentId}`))
          await this.deductShipment(event, scope);
      };
    if (event.type === 'CreditMemoCreated')
      return async (scope) => {
        if (await claimOnce(scope.tx, GROUP, `credit-memo:${event.data.creditMemoId}`))
          await this.returnToStock(event, scope);
      };
    if (event.type === 'GoodsReceived')
      return async (scope) => {
        const { purchaseOrderId, receiptId } = event.data;
        if (await claimOnce(scope.tx, GROUP, `receipt:${purchaseOrderId}/${receiptId}`))
          await this.receiveGoods(event, scope);
      };
    return undefined;
  }

  /** All lines or none: a line the source cannot cover refuses the whole shipment (to the DLQ). */
  private async deductShipment(event: EventOf<'ShipmentCreated'>, scope: TransactionScope): Promise<void> {
    const { shipmentId, orderId, items } = event.data;
    const wanted = new Map<string, { sku: string; sourceCode: string; qty: number }>();
    for (const line of items) {
      const key = pairKey(line.sku, line.sourceCode);
      wanted.set(key, { ...line, qty: (wanted.get(key)?.qty ?? 0) + line.qty });
    }
    const current = await lockSourceItems(scope.tx, [...wanted.values()]);
    const updated: SourceItemView[] = [];
    for (const [key, line] of wanted) {
      const item = current.get(key);
      if (!item) {
        throw new UnprocessableEventError(
          'source_item_not_found',
          `Shipment ${shipmentId}: SKU "${line.sku}" is not assigned to source "${line.sourceCode}"`,
        );
      }
      if (item.quantity < line.qty) {
        throw new UnprocessableEventError(
          'insufficient_source_qty',
          `${NOT_ALL_AVAILABLE} Shipment ${shipmentId} asks ${line.qty} of "${line.sku}" from "${line.sourceCode}", which has ${item.quantity}.`,
        );
      }
      updated.push({ ...item, quantity: item.quantity - line.qty });
    }
    await saveSourceItems(scope, updated, {
      reason: 'shipment',
      shipmentId,
      orderId,
      shippedBySku: unitsBySku(items),
      causedBy: event,
    });
  }

  private async returnToStock(event: EventOf<'CreditMemoCreated'>, scope: TransactionScope): Promise<void> {
    const { creditMemoId, orderId } = event.data;
    const returned = event.data.items.flatMap((line) =>
      line.returnToStock && line.sourceCode
        ? [{ sku: line.sku, sourceCode: line.sourceCode, qty: line.qty }]
        : [],
    );
    await addToSources(scope, returned, `Credit memo ${creditMemoId}`, {
      reason: 'credit_memo',
      creditMemoId,
      orderId,
      causedBy: event,
    });
  }

  /** A purchase order's goods arrived at its source: available rises by them, once per receipt. */
  private async receiveGoods(event: EventOf<'GoodsReceived'>, scope: TransactionScope): Promise<void> {
    const { purchaseOrderId, receiptId, sourceCode, lines } = event.data;
    const received = lines.map((line) => ({ sku: line.sku, sourceCode, qty: line.qty }));
    await addToSources(scope, received, `Purchase order ${purchaseOrderId}, receipt ${receiptId}`, {
      reason: 'receipt',
      purchaseOrderId,
      receiptId,
      causedBy: event,
    });
  }
}

/**
 * Units back in (or into) sources' available quantity: a source item that does not exist yet is
 * created. A source that does not exist refuses the whole event (to the DLQ), nothing applied.
 */
async function addToSources(
  scope: TransactionScope,
  lines: readonly { sku: string; sourceCode: string; qty: number }[],
  document: string,
  options: Omit<SaveOptions, 'decidedOn'>,
): Promise<void> {
  const added = new Map<string, { sku: string; sourceCode: string; qty: number }>();
  for (const line of lines) {
    const key = pairKey(line.sku, line.sourceCode);
    added.set(key, { ...line, qty: (added.get(key)?.qty ?? 0) + line.qty });
  }
  if (added.size === 0) return;
  const knownCodes = await existingSourceCodes(
    scope.tx,
    [...added.values()].map((line) => line.sourceCode),
  );
  const unknown = [...added.values()].find((line) => !knownCodes.has(line.sourceCode));
  if (unknown)
    throw new UnprocessableEventError(
      'unknown_source',
      `${document}: source "${unknown.sourceCode}" does not exist`,
    );
  const current = await lockSourceItems(scope.tx, [...added.values()]);
  const updated = [...added].map(([key, line]): SourceItemView => {
    const item = current.get(key) ?? newSourceItem(line.sku, line.sourceCode);
    return withAvailableQuantity(item, item.quantity + line.qty);
  });
  await saveSourceItems(scope, updated, { ...options, decidedOn: current });
}
