import { refusalOf } from '@inventory/testing';
import {
  PlacePurchaseOrder,
  PurchaseOrder,
  PurchaseOrderEvent,
  decideCancel,
  decidePlace,
  decideReceive,
  evolvePurchaseOrder,
} from './purchase-order';

const place: PlacePurchaseOrder = {
  purchaseOrderId: 'po-1',
  supplierCode: 'acme',
  sourceCode: 'default',
  expectedAt: '2026-12-20',
  lines: [
    { sku: 'MUG', qty: 10 },
    { sku: 'FLOUR', qty: 2.5 },
  ],
};
const context = {
  supplierExists: true,
  sourceExists: true,
  isQtyDecimal: (sku: string) => sku === 'FLOUR',
  isKit: (sku: string) => sku === 'GIFT-BOX',
};

/** Given these events, the order as its stream folds. */
const given = (...events: PurchaseOrderEvent[]): PurchaseOrder | undefined =>
  events.reduce((state: PurchaseOrder | undefined, event) => evolvePurchaseOrder(state, event), undefined);
const placed = () => decidePlace(place, undefined, context);

describe('a purchase order: placed, received in parts, canceled', () => {
  it('is placed open, with every line outstanding', () => {
    expect(given(...placed())).toMatchObject({
      status: 'open',
      lines: [
        { sku: 'MUG', qty: 10, received: 0 },
        { sku: 'FLOUR', qty: 2.5, received: 0 },
      ],
    });
  });

  it('records nothing when the same order is placed again, and refuses other terms under its id', () => {
    const state = given(...placed());
    expect(decidePlace(place, state, context)).toEqual([]);
    const other = refusalOf(() => decidePlace({ ...place, expectedAt: '2026-12-24' }, state, context));
    expect(other).toMatchObject({ code: 'purchase_order_exists', kind: 'conflict' });
  });

  it('refuses an unknown supplier and source, a SKU twice and fractions of a whole-unit SKU, naming each field', () => {
    const bad = refusalOf(() =>
      decidePlace(
        {
          ...place,
          lines: [
            { sku: 'MUG', qty: 1.5 },
            { sku: 'MUG', qty: 1 },
          ],
        },
        undefined,
        { ...context, supplierExists: false, sourceExists: false },
      ),
    );
    expect(bad).toMatchObject({ code: 'invalid_purchase_order', kind: 'invalid' });
    expect(bad.errors?.map((error) => error.field)).toEqual([
      'supplierCode',
      'sourceCode',
      'lines.0.qty',
      'lines.1.sku',
    ]);
  });

  it('refuses a kit (no stock of its own), and fractions received of a whole-unit SKU', () => {
    const kit = refusalOf(() =>
      decidePlace({ ...place, lines: [{ sku: 'GIFT-BOX', qty: 1 }] }, undefined, context),
    );
    expect(kit.errors).toEqual([
      { field: 'lines.0.sku', problems: ['"GIFT-BOX" is a kit: buy its components'] },
    ]);
    const fraction = refusalOf(() =>
      decideReceive(
        'po-1',
        { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 1.5 }] },
        given(...placed()),
        context.isQtyDecimal,
      ),
    );
    expect(fraction).toMatchObject({
      code: 'invalid_receipt',
      kind: 'invalid',
      errors: [{ field: 'lines.0.qty' }],
    });
  });

  it('is partially received, then received, each receipt once', () => {
    const first = decideReceive(
      'po-1',
      { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 4 }] },
      given(...placed()),
    );
    expect(first).toEqual([
      {
        type: 'GoodsReceived',
        data: {
          purchaseOrderId: 'po-1',
          receiptId: 'r1',
          sourceCode: 'default',
          lines: [{ sku: 'MUG', qty: 4 }],
        },
      },
    ]);
    const partly = given(...placed(), ...first);
    expect(partly?.status).toBe('partially_received');
    expect(decideReceive('po-1', { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 4 }] }, partly)).toEqual([]);
    expect(
      refusalOf(() => decideReceive('po-1', { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 5 }] }, partly)),
    ).toMatchObject({ code: 'receipt_id_reused' });
    const rest = decideReceive(
      'po-1',
      {
        receiptId: 'r2',
        lines: [
          { sku: 'MUG', qty: 6 },
          { sku: 'FLOUR', qty: 2.5 },
        ],
      },
      partly,
    );
    expect(given(...placed(), ...first, ...rest)?.status).toBe('received');
  });

  it('refuses more than is outstanding unless allowed, and a line not on the order', () => {
    const state = given(...placed());
    const over = refusalOf(() =>
      decideReceive(
        'po-1',
        {
          receiptId: 'r1',
          lines: [
            { sku: 'MUG', qty: 6 },
            { sku: 'MUG', qty: 5 },
          ],
        },
        state,
      ),
    );
    expect(over).toMatchObject({
      code: 'over_receipt',
      kind: 'conflict',
      errors: [{ field: 'lines.1.qty' }],
    });
    const allowed = decideReceive(
      'po-1',
      { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 11 }], allowOverReceipt: true },
      state,
    );
    expect(given(...placed(), ...allowed)?.lines[0]).toEqual({ sku: 'MUG', qty: 10, received: 11 });
    const stranger = refusalOf(() =>
      decideReceive('po-1', { receiptId: 'r2', lines: [{ sku: 'TEA', qty: 1 }] }, state),
    );
    expect(stranger).toMatchObject({
      code: 'line_not_on_order',
      kind: 'invalid',
      errors: [{ field: 'lines.0.sku' }],
    });
  });

  it('cancels what has not arrived, once; nothing arrives on a canceled order; a received one cannot be canceled', () => {
    const first = decideReceive(
      'po-1',
      { receiptId: 'r1', lines: [{ sku: 'MUG', qty: 4 }] },
      given(...placed()),
    );
    const canceled = decideCancel('po-1', given(...placed(), ...first));
    expect(canceled).toEqual([
      {
        type: 'PurchaseOrderCanceled',
        data: {
          purchaseOrderId: 'po-1',
          sourceCode: 'default',
          lines: [
            { sku: 'MUG', qty: 6 },
            { sku: 'FLOUR', qty: 2.5 },
          ],
        },
      },
    ]);
    const state = given(...placed(), ...first, ...canceled);
    expect(decideCancel('po-1', state)).toEqual([]);
    expect(
      refusalOf(() => decideReceive('po-1', { receiptId: 'r2', lines: [{ sku: 'MUG', qty: 1 }] }, state)),
    ).toMatchObject({
      code: 'purchase_order_canceled',
    });
    const all = decideReceive(
      'po-1',
      {
        receiptId: 'r9',
        lines: [
          { sku: 'MUG', qty: 10 },
          { sku: 'FLOUR', qty: 2.5 },
        ],
      },
      given(...placed()),
    );
    expect(refusalOf(() => decideCancel('po-1', given(...placed(), ...all)))).toMatchObject({
      code: 'purchase_order_received',
    });
  });

  it('refuses receipts and cancels of an order that does not exist', () => {
    expect(refusalOf(() => decideCancel('po-x', undefined))).toMatchObject({ kind: 'not_found' });
  });
});
