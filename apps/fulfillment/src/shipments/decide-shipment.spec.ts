import { OrderLineCounts, emptyLine } from '../orders/order-line';
import { refusedAsValue } from '../testing/refused-as-value';
import { NOT_ALL_AVAILABLE, ShipmentContext, decideShipment as decide } from './decide-shipment';

/** The decision, or its Refusal seen as a value: every case below reads as one table. */
const decideShipment = refusedAsValue(decide);

const line = (sku: string, counts: Partial<OrderLineCounts>): OrderLineCounts => ({
  ...emptyLine(sku),
  ...counts,
});

const ON_HAND: Record<string, Record<string, number>> = {
  A: { east: 3, west: 2, attic: 9 },
  B: { east: 10 },
};

/** Order o1 on stock 1: 5 of A, 2 of B; sources east and west linked, attic disabled. */
const context = (overrides: Partial<ShipmentContext> = {}): ShipmentContext => ({
  orderId: 'o1',
  stockId: 1,
  lines: new Map([
    ['A', line('A', { ordered: 5 })],
    ['B', line('B', { ordered: 2 })],
  ]),
  linkedSources: new Map([
    ['east', { enabled: true }],
    ['west', { enabled: true }],
    ['attic', { enabled: false }],
  ]),
  onHand: (sku, source) => ON_HAND[sku]?.[source],
  ...overrides,
});

describe('decideShipment', () => {
  it("ships a kit's item as its components from that source, by the order's recipe", () => {
    const kits = { PAIR: [{ sku: 'A', qty: 2 }] };
    expect(
      decideShipment(
        [
          { sku: 'PAIR', sourceCode: 'attic', qty: 1 },
          { sku: 'B', sourceCode: 'east', qty: 1 },
        ],
        context({ kits }),
      ),
    ).toMatchObject({ errors: [{ field: 'items.0.sourceCode' }] }); // a component's problem names the kit's item
    expect(decideShipment([{ sku: 'PAIR', sourceCode: 'east', qty: 1 }], context({ kits }))).toEqual({
      kind: 'ship',
      items: [{ sku: 'A', sourceCode: 'east', qty: 2 }],
    });
  });

  it('ships a line from two sources, merging items that name the same SKU and source', () => {
    const decision = decideShipment(
      [
        { sku: 'A', sourceCode: 'east', qty: 2 },
        { sku: 'A', sourceCode: 'west', qty: 2 },
        { sku: 'A', sourceCode: 'east', qty: 1 },
      ],
      context(),
    );
    expect(decision).toEqual({
      kind: 'ship',
      items: [
        { sku: 'A', sourceCode: 'east', qty: 3 },
        { sku: 'A', sourceCode: 'west', qty: 2 },
      ],
    });
  });

  it('refuses more than is left to ship, counting earlier shipments and refunds', () => {
    const shippedThree = context({ lines: new Map([['A', line('A', { ordered: 5, shipped: 3 })]]) });
    expect(decideShipment([{ sku: 'A', sourceCode: 'west', qty: 2 }], shippedThree).kind).toBe('ship');
    expect(decideShipment([{ sku: 'A', sourceCode: 'east', qty: 3 }], shippedThree)).toEqual({
      kind: 'refused',
      code: 'more_than_ordered',
      errors: [
        {
          field: 'items.0.qty',
          problems: ['cannot ship 3 of "A": 2 left to ship (ordered 5, shipped 3, canceled 0, refunded 0)'],
        },
      ],
    });
    // Refunded before shipping: those units are no longer to ship.
    const refundedFour = context({
      lines: new Map([['A', line('A', { ordered: 5, refundedUnshipped: 4 })]]),
    });
    expect(decideShipment([{ sku: 'A', sourceCode: 'east', qty: 2 }], refundedFour)).toMatchObject({
      code: 'more_than_ordered',
    });
  });

  it('after a refund of unshipped units and a shipment of the rest, nothing is left to ship', () => {
    // 5 ordered, 2 refunded before shipping, 3 shipped: ordered − max(shipped, refunded) said 2 more.
    const rest = context({
      lines: new Map([['A', line('A', { ordered: 5, refundedUnshipped: 2, shipped: 3 })]]),
    });
    expect(decideShipment([{ sku: 'A', sourceCode: 'east', qty: 1 }], rest)).toMatchObject({
      code: 'more_than_ordered',
    });
  });

  it('refuses a canceled line, naming it', () => {
    const canceled = context({ lines: new Map([['A', line('A', { ordered: 5, canceled: 5 })]]) });
    expect(decideShipment([{ sku: 'A', sourceCode: 'east', qty: 1 }], canceled)).toEqual({
      kind: 'refused',
      code: 'line_canceled',
      errors: [
        {
          field: 'items.0.qty',
          problems: ['"A" on order o1 is canceled (ordered 5, shipped 0, canceled 5, refunded 0)'],
        },
      ],
    });
  });

  it("refuses a source outside the order's stock, a disabled one, and one that lacks the quantity, item by item", () => {
    const decision = decideShipment(
      [
        { sku: 'A', sourceCode: 'elsewhere', qty: 1 },
        { sku: 'A', sourceCode: 'attic', qty: 1 },
        { sku: 'B', sourceCode: 'west', qty: 1 },
        { sku: 'A', sourceCode: 'west', qty: 3 },
      ],
      context({
        lines: new Map([
          ['A', line('A', { ordered: 9 })],
          ['B', line('B', { ordered: 1 })],
        ]),
      }),
    );
    expect(decision).toEqual({
      kind: 'refused',
      code: 'source_not_in_stock',
      errors: [
        {
          field: 'items.0.sourceCode',
          problems: ['source "elsewhere" is not linked to stock 1, which order o1 sells from'],
        },
        { field: 'items.1.sourceCode', problems: ['source "attic" is disabled'] },
        {
          field: 'items.2.qty',
          problems: [`${NOT_ALL_AVAILABLE} Source "west" has 0 of "B" to ship, 1 asked`],
        },
        {
          field: 'items.3.qty',
          problems: [`${NOT_ALL_AVAILABLE} Source "west" has 2 of "A" to ship, 3 asked`],
        },
      ],
    });
  });

  it('refuses a SKU that is not on the order', () => {
    expect(decideShipment([{ sku: 'Z', sourceCode: 'east', qty: 1 }], context())).toMatchObject({
      code: 'sku_not_in_order',
      errors: [{ field: 'items.0.sku', problems: ['SKU "Z" is not on order o1'] }],
    });
  });
});
