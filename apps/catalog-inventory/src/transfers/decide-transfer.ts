import { FieldError, Refusal, pairKey, roundQty } from '@inventory/contracts';
import { newSourceItem, withAvailableQuantity } from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';

export const TRANSFER_STATUSES = ['in_transit', 'partially_received', 'received', 'canceled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** A line of a transfer: `received` counts every unit that arrived, `damaged` those that arrived damaged. */
export interface TransferLineState {
  readonly sku: string;
  readonly qty: number;
  readonly received: number;
  readonly damaged: number;
  /** Units that went back to the origin when the transfer was canceled. */
  readonly returned: number;
}

export interface TransferState {
  readonly transferId: string;
  readonly status: TransferStatus;
  readonly fromSourceCode: string;
  readonly toSourceCode: string;
  readonly expectedAt: string | null;
  readonly lines: readonly TransferLineState[];
}

/** Units of a line still on the way. */
export const inTransit = (line: TransferLineState) => roundQty(line.qty - line.received - line.returned);

const itemAt = (stored: ReadonlyMap<string, SourceItemView>, sku: string, sourceCode: string) =>
  stored.get(pairKey(sku, sourceCode)) ?? newSourceItem(sku, sourceCode);

export interface ShipTransfer {
  readonly transferId: string;
  readonly fromSourceCode: string;
  readonly toSourceCode: string;
  readonly items: readonly { sku: string; qty: number }[];
  readonly expectedAt: string | null;
}

/**
 * A transfer leaves its origin at once: the origin's available quantity drops by every line, or
 * nothing moves (`insufficient_quantity` naming each line the origin cannot cover). The destination
 * must be another source (`same_source`), and each SKU is one line (`duplicate_line`).
 */
export function decideShipTransfer(
  origin: ReadonlyMap<string, SourceItemView>,
  command: ShipTransfer,
): { transfer: TransferState; origin: SourceItemView[] } {
  if (command.fromSourceCode === command.toSourceCode)
    throw new Refusal('same_source', 'A transfer goes to another source', {
      kind: 'invalid',
      errors: [{ field: 'toSourceCode', problems: ['must differ from fromSourceCode'] }],
    });
  refuseRepeatedSkus(command.items);
  const short = command.items.flatMap(({ sku, qty }, index): FieldError[] => {
    const available = itemAt(origin, sku, command.fromSourceCode).quantity;
    return available >= qty
      ? []
      : [
          {
            field: `items.${index}.qty`,
            problems: [`source "${command.fromSourceCode}" has ${available} of "${sku}", fewer than ${qty}`],
          },
        ];
  });
  if (short.length)
    throw new Refusal('insufficient_quantity', 'Not enough quantity to transfer: nothing moved', {
      errors: short,
    });
  return {
    transfer: {
      transferId: command.transferId,
      status: 'in_transit',
      fromSourceCode: command.fromSourceCode,
      toSourceCode: command.toSourceCode,
      expectedAt: command.expectedAt,
      lines: command.items.map(({ sku, qty }) => ({ sku, qty, received: 0, damaged: 0, returned: 0 })),
    },
    origin: command.items.map(({ sku, qty }) => {
      const item = itemAt(origin, sku, command.fromSourceCode);
      return { ...item, quantity: roundQty(item.quantity - qty) };
    }),
  };
}

export interface ReceiveTransfer {
  readonly receiptId: string;
  readonly items: readonly { sku: string; qty: number; damaged?: number }[];
}

/**
 * Units arrive at the destination: `qty` into its available quantity, `damaged` into its damaged
 * state. A transfer no longer in transit refuses it (`transfer_closed`), a SKU not on it too
 * (`sku_not_in_transfer`), and so does more than is still in transit (`over_receipt`); all or none.
 */
export function decideReceiveTransfer(
  transfer: TransferState,
  destination: ReadonlyMap<string, SourceItemView>,
  command: ReceiveTransfer,
): { transfer: TransferState; destination: SourceItemView[] } {
  refuseClosed(transfer, 'receive');
  refuseRepeatedSkus(command.items);
  const lines = new Map(transfer.lines.map((line) => [line.sku, line]));
  const unknown = command.items.flatMap(({ sku }, index): FieldError[] =>
    lines.has(sku)
      ? []
      : [{ field: `items.${index}.sku`, problems: [`"${sku}" is not on transfer ${transfer.transferId}`] }],
  );
  if (unknown.length)
    throw new Refusal('sku_not_in_transfer', 'A SKU of the receipt is not on the transfer', {
      kind: 'invalid',
      errors: unknown,
    });
  const over = command.items.flatMap(({ sku, qty, damaged = 0 }, index): FieldError[] => {
    const left = inTransit(lines.get(sku) as TransferLineState);
    return roundQty(qty + damaged) <= left
      ? []
      : [
          {
            field: `items.${index}.qty`,
            problems: [`${left} of "${sku}" in transit, fewer than ${roundQty(qty + damaged)}`],
          },
        ];
  });
  if (over.length)
    throw new Refusal('over_receipt', 'More received than is in transit: nothing applied', { errors: over });

  const arrived = new Map(command.items.map((item) => [item.sku, item]));
  const after = transfer.lines.map((line) => {
    const item = arrived.get(line.sku);
    if (!item) return line;
    const damaged = item.damaged ?? 0;
    return {
      ...line,
      received: roundQty(line.received + item.qty + damaged),
      damaged: roundQty(line.damaged + damaged),
    };
  });
  return {
    transfer: {
      ...transfer,
      status: after.every((line) => inTransit(line) === 0) ? 'received' : 'partially_received',
      lines: after,
    },
    destination: command.items.map(({ sku, qty, damaged = 0 }) => {
      const item = itemAt(destination, sku, transfer.toSourceCode);
      return {
        ...withAvailableQuantity(item, roundQty(item.quantity + qty)),
        damaged: roundQty(item.damaged + damaged),
      };
    }),
  };
}

/**
 * What is still in transit goes back to the origin's available quantity; the transfer is canceled.
 * A transfer fully received cannot be (`transfer_closed`); canceling one canceled changes nothing.
 */
export function decideCancelTransfer(
  transfer: TransferState,
  origin: ReadonlyMap<string, SourceItemView>,
): { transfer: TransferState; origin: SourceItemView[]; returned: { sku: string; qty: number }[] } {
  if (transfer.status === 'canceled') return { transfer, origin: [], returned: [] };
  refuseClosed(transfer, 'cancel');
  const returned = transfer.lines
    .map((line) => ({ sku: line.sku, qty: inTransit(line) }))
    .filter((line) => line.qty > 0);
  const back = new Map(returned.map((line) => [line.sku, line.qty]));
  return {
    transfer: {
      ...transfer,
      status: 'canceled',
      lines: transfer.lines.map((line) => ({
        ...line,
        returned: roundQty(line.returned + (back.get(line.sku) ?? 0)),
      })),
    },
    origin: returned.map(({ sku, qty }) => {
      const item = itemAt(origin, sku, transfer.fromSourceCode);
      return withAvailableQuantity(item, roundQty(item.quantity + qty));
    }),
    returned,
  };
}

function refuseClosed(transfer: TransferState, action: 'receive' | 'cancel'): void {
  if (transfer.status === 'received' || transfer.status === 'canceled')
    throw new Refusal(
      'transfer_closed',
      `Transfer ${transfer.transferId} is ${transfer.status}: nothing left to ${action}`,
    );
}

function refuseRepeatedSkus(items: readonly { sku: string }[]): void {
  const first = new Map<string, number>();
  const errors = items.flatMap(({ sku }, index): FieldError[] => {
    const earlier = first.get(sku);
    if (earlier === undefined) {
      first.set(sku, index);
      return [];
    }
    return [{ field: `items.${index}.sku`, problems: [`repeats "${sku}" of items.${earlier}`] }];
  });
  if (errors.length)
    throw new Refusal('duplicate_line', 'A SKU appears on two lines', { kind: 'invalid', errors });
}
