import { pairKey } from '@inventory/contracts';
import { refusalOf } from '@inventory/testing';
import { newSourceItem } from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';
import {
  TransferState,
  decideCancelTransfer,
  decideReceiveTransfer,
  decideShipTransfer,
  inTransit,
} from './decide-transfer';

const at = (sourceCode: string, ...items: Partial<SourceItemView>[]) =>
  new Map(
    items.map((item) => {
      const view = { ...newSourceItem(item.sku ?? 'A', sourceCode), ...item };
      return [pairKey(view.sku, view.sourceCode), view];
    }),
  );
const ship = (items: { sku: string; qty: number }[], fromSourceCode = 'west') => ({
  transferId: 't-1',
  fromSourceCode,
  toSourceCode: 'east',
  items,
  expectedAt: '2026-12-12T00:00:00.000Z',
});
const shipped = (): TransferState =>
  decideShipTransfer(
    at('west', { sku: 'A', quantity: 10 }, { sku: 'B', quantity: 5 }),
    ship([
      { sku: 'A', qty: 6 },
      { sku: 'B', qty: 2 },
    ]),
  ).transfer;

describe('transfers between sources', () => {
  it('takes the units off the origin at once and puts them in transit', () => {
    const { transfer, origin } = decideShipTransfer(
      at('west', { sku: 'A', quantity: 10 }),
      ship([{ sku: 'A', qty: 6 }]),
    );
    expect(origin).toEqual([expect.objectContaining({ sku: 'A', sourceCode: 'west', quantity: 4 })]);
    expect(transfer).toMatchObject({ status: 'in_transit', lines: [{ sku: 'A', qty: 6, received: 0 }] });
    expect(inTransit(transfer.lines[0])).toBe(6);
  });

  it('moves nothing when the origin cannot cover a line, naming it', () => {
    const refusal = refusalOf(() =>
      decideShipTransfer(
        at('west', { sku: 'A', quantity: 10 }),
        ship([
          { sku: 'A', qty: 6 },
          { sku: 'B', qty: 1 },
        ]),
      ),
    );
    expect(refusal).toMatchObject({ code: 'insufficient_quantity', kind: 'conflict' });
    expect(refusal.errors).toEqual([
      { field: 'items.1.qty', problems: ['source "west" has 0 of "B", fewer than 1'] },
    ]);
  });

  it('refuses a transfer to the same source and a SKU on two lines as invalid', () => {
    expect(
      refusalOf(() =>
        decideShipTransfer(new Map(), { ...ship([{ sku: 'A', qty: 1 }]), toSourceCode: 'west' }),
      ),
    ).toMatchObject({ code: 'same_source', kind: 'invalid' });
    const twice = refusalOf(() =>
      decideShipTransfer(
        at('west', { sku: 'A', quantity: 10 }),
        ship([
          { sku: 'A', qty: 1 },
          { sku: 'A', qty: 1 },
        ]),
      ),
    );
    expect(twice).toMatchObject({ code: 'duplicate_line', errors: [{ field: 'items.1.sku' }] });
  });

  it('receives in parts, damaged units into the damaged state, until nothing is in transit', () => {
    const first = decideReceiveTransfer(shipped(), at('east'), {
      receiptId: 'r-1',
      items: [{ sku: 'A', qty: 3, damaged: 1 }],
    });
    expect(first.transfer.status).toBe('partially_received');
    expect(first.transfer.lines[0]).toMatchObject({ received: 4, damaged: 1 });
    expect(first.destination).toEqual([
      expect.objectContaining({ sku: 'A', sourceCode: 'east', quantity: 3, damaged: 1, status: 'in_stock' }),
    ]);
    const second = decideReceiveTransfer(first.transfer, at('east', { sku: 'A', quantity: 3, damaged: 1 }), {
      receiptId: 'r-2',
      items: [
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 2 },
      ],
    });
    expect(second.transfer.status).toBe('received');
    expect(second.destination[0]).toMatchObject({ quantity: 5, damaged: 1 });
  });

  it('refuses more than is in transit, a SKU not on the transfer, and a closed transfer', () => {
    const over = refusalOf(() =>
      decideReceiveTransfer(shipped(), at('east'), {
        receiptId: 'r',
        items: [{ sku: 'A', qty: 6, damaged: 1 }],
      }),
    );
    expect(over).toMatchObject({ code: 'over_receipt', errors: [{ field: 'items.0.qty' }] });
    const stranger = refusalOf(() =>
      decideReceiveTransfer(shipped(), at('east'), { receiptId: 'r', items: [{ sku: 'Z', qty: 1 }] }),
    );
    expect(stranger).toMatchObject({ code: 'sku_not_in_transfer', kind: 'invalid' });
    const canceled = decideCancelTransfer(shipped(), at('west')).transfer;
    expect(
      refusalOf(() =>
        decideReceiveTransfer(canceled, at('east'), { receiptId: 'r', items: [{ sku: 'A', qty: 1 }] }),
      ),
    ).toMatchObject({ code: 'transfer_closed' });
  });

  it('gives what is still in transit back to the origin on cancel, once', () => {
    const partly = decideReceiveTransfer(shipped(), at('east'), {
      receiptId: 'r-1',
      items: [{ sku: 'A', qty: 4 }],
    });
    const canceled = decideCancelTransfer(
      partly.transfer,
      at('west', { sku: 'A', quantity: 4 }, { sku: 'B', quantity: 0, status: 'out_of_stock' }),
    );
    expect(canceled.returned).toEqual([
      { sku: 'A', qty: 2 },
      { sku: 'B', qty: 2 },
    ]);
    expect(canceled.origin).toEqual([
      expect.objectContaining({ sku: 'A', quantity: 6 }),
      expect.objectContaining({ sku: 'B', quantity: 2, status: 'in_stock' }),
    ]);
    expect(canceled.transfer.status).toBe('canceled');
    expect(canceled.transfer.lines.map(inTransit)).toEqual([0, 0]);
    expect(decideCancelTransfer(canceled.transfer, at('west'))).toEqual({
      transfer: canceled.transfer,
      origin: [],
      returned: [],
    });
  });

  it('cannot cancel a transfer received in full', () => {
    const all = decideReceiveTransfer(shipped(), at('east'), {
      receiptId: 'r',
      items: [
        { sku: 'A', qty: 6 },
        { sku: 'B', qty: 2 },
      ],
    });
    expect(refusalOf(() => decideCancelTransfer(all.transfer, at('west')))).toMatchObject({
      code: 'transfer_closed',
    });
  });
});
