import { EventData, FieldError, PurchaseOrderLine, Refusal, roundQty, sumQty } from '@inventory/contracts';
import { unitsBySku } from '@inventory/order-lines';

/** The events of a `purchase-order-<id>` stream: the same shapes as those published on replenishment.v1. */
export type PurchaseOrderEvent =
  | { readonly type: 'PurchaseOrderPlaced'; readonly data: EventData<'PurchaseOrderPlaced'> }
  | { readonly type: 'GoodsReceived'; readonly data: EventData<'GoodsReceived'> }
  | { readonly type: 'PurchaseOrderCanceled'; readonly data: EventData<'PurchaseOrderCanceled'> };

export type PurchaseOrderStatus = 'open' | 'partially_received' | 'received' | 'canceled';

export interface PurchaseOrderLineState {
  readonly sku: string;
  readonly qty: number;
  readonly received: number;
}

/** A purchase order, folded from its stream. */
export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierCode: string;
  readonly sourceCode: string;
  readonly expectedAt: string;
  readonly status: PurchaseOrderStatus;
  readonly lines: readonly PurchaseOrderLineState[];
  /** Receipts applied, by id, with their lines: the same receipt again is answered, not applied. */
  readonly receipts: Readonly<Record<string, readonly PurchaseOrderLine[]>>;
}

export const purchaseOrderStream = (purchaseOrderId: string) => `purchase-order-${purchaseOrderId}`;

/** Units of a line not received yet (0 once more arrived than ordered). */
export const outstanding = (line: PurchaseOrderLineState): number =>
  Math.max(0, roundQty(line.qty - line.received));

const statusAfterReceipt = (lines: readonly PurchaseOrderLineState[]): PurchaseOrderStatus =>
  lines.every((line) => outstanding(line) === 0) ? 'received' : 'partially_received';

export function evolvePurchaseOrder(
  state: PurchaseOrder | undefined,
  event: PurchaseOrderEvent,
): PurchaseOrder {
  switch (event.type) {
    case 'PurchaseOrderPlaced': {
      const { purchaseOrderId, supplierCode, sourceCode, expectedAt, lines } = event.data;
      return {
        purchaseOrderId,
        supplierCode,
        sourceCode,
        expectedAt,
        status: 'open',
        lines: lines.map(({ sku, qty }) => ({ sku, qty, received: 0 })),
        receipts: {},
      };
    }
    case 'GoodsReceived': {
      if (!state) throw new Error('GoodsReceived before the purchase order was placed');
      const units = unitsBySku(event.data.lines);
      const lines = state.lines.map((line) => ({
        ...line,
        received: sumQty([line.received, units.get(line.sku) ?? 0]),
      }));
      return {
        ...state,
        lines,
        status: statusAfterReceipt(lines),
        receipts: { ...state.receipts, [event.data.receiptId]: event.data.lines },
      };
    }
    case 'PurchaseOrderCanceled':
      if (!state) throw new Error('PurchaseOrderCanceled before the purchase order was placed');
      return { ...state, status: 'canceled' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown purchase order event ${JSON.stringify(unknown)}`);
    }
  }
}

export interface PlacePurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierCode: string;
  readonly sourceCode: string;
  readonly expectedAt: string;
  readonly lines: readonly PurchaseOrderLine[];
}

/** What placing an order checks outside the order itself (read from this service's tables). */
export interface PlacementContext {
  readonly supplierExists: boolean;
  readonly sourceExists: boolean;
  /** Whether the SKU may be bought in fractions (its inventory setting). */
  readonly isQtyDecimal: (sku: string) => boolean;
  /** Whether the SKU is a kit (no stock of its own: its components are bought). */
  readonly isKit: (sku: string) => boolean;
}

const refuseFields = (
  code: string,
  message: string,
  errors: FieldError[],
  kind: 'invalid' | 'conflict' | 'not_found',
) => new Refusal(code, message, { kind, errors });

/** The same order placed again (a retry) changes nothing; another order under its id is refused. */
function samePlacement(state: PurchaseOrder, command: PlacePurchaseOrder): boolean {
  const lines = (items: readonly { sku: string; qty: number }[]) =>
    [...unitsBySku(items)].sort(([a], [b]) => a.localeCompare(b)).join('|');
  return (
    state.supplierCode === command.supplierCode &&
    state.sourceCode === command.sourceCode &&
    state.expectedAt === command.expectedAt &&
    lines(state.lines) === lines(command.lines)
  );
}

/**
 * Places a purchase order: a known supplier and source, each SKU once, whole units for a SKU that
 * is not sold in fractions. Idempotent by id: the same order again records nothing.
 */
export function decidePlace(
  command: PlacePurchaseOrder,
  state: PurchaseOrder | undefined,
  context: PlacementContext,
): PurchaseOrderEvent[] {
  if (state) {
    if (samePlacement(state, command)) return [];
    throw refuseFields(
      'purchase_order_exists',
      `Purchase order ${command.purchaseOrderId} exists with other terms`,
      [
        {
          field: 'purchaseOrderId',
          problems: [`purchase order "${command.purchaseOrderId}" exists with other terms`],
        },
      ],
      'conflict',
    );
  }
  const errors: FieldError[] = [];
  if (!context.supplierExists)
    errors.push({ field: 'supplierCode', problems: [`supplier "${command.supplierCode}" does not exist`] });
  if (!context.sourceExists)
    errors.push({ field: 'sourceCode', problems: [`source "${command.sourceCode}" does not exist`] });
  const seen = new Set<string>();
  command.lines.forEach(({ sku, qty }, index) => {
    if (seen.has(sku))
      errors.push({ field: `lines.${index}.sku`, problems: [`"${sku}" is on the order twice`] });
    seen.add(sku);
    if (context.isKit(sku))
      errors.push({ field: `lines.${index}.sku`, problems: [`"${sku}" is a kit: buy its components`] });
    if (!context.isQtyDecimal(sku) && !Number.isInteger(qty))
      errors.push({
        field: `lines.${index}.qty`,
        problems: [`"${sku}" is bought in whole units, not ${qty}`],
      });
  });
  if (errors.length)
    throw refuseFields('invalid_purchase_order', 'The purchase order was refused', errors, 'invalid');
  const { purchaseOrderId, supplierCode, sourceCode, expectedAt, lines } = command;
  return [
    { type: 'PurchaseOrderPlaced', data: { purchaseOrderId, supplierCode, sourceCode, expectedAt, lines } },
  ];
}

export interface ReceiveGoods {
  readonly receiptId: string;
  readonly lines: readonly PurchaseOrderLine[];
  /** Accept more than is still outstanding on a line (a supplier's over-delivery). */
  readonly allowOverReceipt?: boolean;
}

const notFound = (purchaseOrderId: string) =>
  new Refusal('purchase_order_not_found', `Purchase order ${purchaseOrderId} does not exist`, {
    kind: 'not_found',
  });

/**
 * Receives goods: lines on the order, no more than is outstanding unless allowed, never on a
 * canceled order. Idempotent by `receiptId`: the same receipt again records nothing; another
 * receipt under its id is refused.
 */
export function decideReceive(
  purchaseOrderId: string,
  command: ReceiveGoods,
  state: PurchaseOrder | undefined,
  /** Whether the SKU may be received in fractions (its inventory setting). */
  isQtyDecimal: (sku: string) => boolean = () => true,
): PurchaseOrderEvent[] {
  if (!state) throw notFound(purchaseOrderId);
  const earlier = state.receipts[command.receiptId];
  if (earlier) {
    const key = (lines: readonly PurchaseOrderLine[]) =>
      [...unitsBySku(lines)].sort(([a], [b]) => a.localeCompare(b)).join('|');
    if (key(earlier) === key(command.lines)) return [];
    throw refuseFields(
      'receipt_id_reused',
      `Receipt ${command.receiptId} of purchase order ${purchaseOrderId} was made with other lines`,
      [{ field: 'receiptId', problems: [`receipt "${command.receiptId}" exists with other lines`] }],
      'conflict',
    );
  }
  if (state.status === 'canceled')
    throw new Refusal(
      'purchase_order_canceled',
      `Purchase order ${purchaseOrderId} is canceled: nothing more arrives`,
    );
  const errors: FieldError[] = [];
  const asked = new Map<string, number>();
  command.lines.forEach(({ sku, qty }, index) => {
    const line = state.lines.find((candidate) => candidate.sku === sku);
    if (!line) {
      errors.push({
        field: `lines.${index}.sku`,
        problems: [`"${sku}" is not on purchase order ${purchaseOrderId}`],
      });
      return;
    }
    if (!isQtyDecimal(sku) && !Number.isInteger(qty)) {
      errors.push({
        field: `lines.${index}.qty`,
        problems: [`"${sku}" is received in whole units, not ${qty}`],
      });
      return;
    }
    const total = sumQty([asked.get(sku) ?? 0, qty]);
    asked.set(sku, total);
    if (!command.allowOverReceipt && total > outstanding(line))
      errors.push({
        field: `lines.${index}.qty`,
        problems: [
          `${total} of "${sku}" received, ${outstanding(line)} outstanding (ordered ${line.qty}, received ${line.received})`,
        ],
      });
  });
  if (errors.length) {
    const overOnly = errors.every((error) =>
      error.problems.every((problem) => problem.includes('outstanding')),
    );
    const strangers = errors.some((error) => error.field.endsWith('.sku'));
    throw refuseFields(
      overOnly ? 'over_receipt' : strangers ? 'line_not_on_order' : 'invalid_receipt',
      overOnly ? 'More than is outstanding: send allowOverReceipt to accept it' : 'The receipt was refused',
      errors,
      overOnly ? 'conflict' : 'invalid',
    );
  }
  return [
    {
      type: 'GoodsReceived',
      data: {
        purchaseOrderId,
        receiptId: command.receiptId,
        sourceCode: state.sourceCode,
        lines: command.lines,
      },
    },
  ];
}

/** Cancels what has not arrived; canceling again changes nothing; a fully received order cannot be. */
export function decideCancel(
  purchaseOrderId: string,
  state: PurchaseOrder | undefined,
): PurchaseOrderEvent[] {
  if (!state) throw notFound(purchaseOrderId);
  if (state.status === 'canceled') return [];
  if (state.status === 'received')
    throw new Refusal('purchase_order_received', `Purchase order ${purchaseOrderId} was received in full`);
  const lines = state.lines
    .filter((line) => outstanding(line) > 0)
    .map((line) => ({ sku: line.sku, qty: outstanding(line) }));
  return [{ type: 'PurchaseOrderCanceled', data: { purchaseOrderId, sourceCode: state.sourceCode, lines } }];
}
