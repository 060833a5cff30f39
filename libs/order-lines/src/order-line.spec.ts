import fc from 'fast-check';
import {
  LineUnits,
  adding,
  noUnits,
  refundable,
  reservedUnits,
  splitRefund,
  toShip,
  unitsBySku,
  yieldCanceled,
} from './order-line';

describe('order line arithmetic', () => {
  it('leaves to ship what was neither shipped, canceled nor refunded before shipping', () => {
    const line: LineUnits = {
      ordered: 10,
      shipped: 3,
      canceled: 2,
      refundedShipped: 1,
      refundedUnshipped: 4,
    };
    expect(toShip(line)).toBe(1);
    expect(refundable(line)).toBe(3); // 2 shipped not yet refunded + 1 still to ship
  });

  it('a refund before shipment takes the units out of what is left to ship (the old max rule did not)', () => {
    // Given 10 ordered, when 3 unshipped are refunded and the other 7 ship, nothing is left.
    const refundedFirst = adding(noUnits(10), 'refundedUnshipped', 3);
    expect(toShip(refundedFirst)).toBe(7);
    const thenShipped = adding(refundedFirst, 'shipped', 7);
    expect(toShip(thenShipped)).toBe(0);
    expect(reservedUnits(thenShipped, 7)).toBe(0);
    // ordered − max(shipped, refunded) − canceled would have said 3 were still to ship.
    expect(10 - Math.max(7, 3) - 0).toBe(3);
  });

  it('a refund takes shipped units first, then units still to ship', () => {
    const line = adding(noUnits(5), 'shipped', 2);
    expect(splitRefund(line, 3)).toEqual({ shipped: 2, unshipped: 1 });
    expect(splitRefund(line, 5)).toEqual({ shipped: 2, unshipped: 3 });
    expect(splitRefund(line, 6)).toBeUndefined();
  });

  it('holds shipped units until their deduction is recorded', () => {
    const line = adding(noUnits(5), 'shipped', 2);
    expect(toShip(line)).toBe(3);
    expect(reservedUnits(line, 0)).toBe(5);
    expect(reservedUnits(line, 2)).toBe(3);
  });

  it('a cancellation counted before a shipment fulfillment made first gives way to it', () => {
    // Given 10 ordered all canceled here, when fulfillment's shipment of 4 arrives (it shipped first),
    // then only 6 stay canceled.
    const canceled = adding(noUnits(10), 'canceled', 10);
    expect(yieldCanceled(adding(canceled, 'shipped', 4))).toEqual({
      ...noUnits(10),
      shipped: 4,
      canceled: 6,
    });
    expect(yieldCanceled(adding(noUnits(10), 'shipped', 4))).toEqual(adding(noUnits(10), 'shipped', 4));
  });

  it('sums the units of lines naming the same SKU', () => {
    expect(
      unitsBySku([
        { sku: 'A', qty: 1.5 },
        { sku: 'B', qty: 2 },
        { sku: 'A', qty: 0.0001 },
      ]),
    ).toEqual(
      new Map([
        ['A', 1.5001],
        ['B', 2],
      ]),
    );
  });
});

/**
 * The reference model: every unit of the line on its own, in one of a few plain states. The counters
 * must agree with counting the units, whatever happens to the line and in whatever order.
 */
type Unit = 'open' | 'shipped' | 'shipped_refunded' | 'canceled' | 'refunded_unshipped';
type Step = { kind: 'ship' | 'cancel' | 'refund'; units: number };

const count = (units: Unit[], state: Unit) => units.filter((unit) => unit === state).length;

function applyToUnits(units: Unit[], { kind, units: n }: Step): boolean {
  const take = (from: Unit, to: Unit, wanted: number) => {
    let left = wanted;
    for (let i = 0; i < units.length && left > 0; i++)
      if (units[i] === from) {
        units[i] = to;
        left--;
      }
    return wanted - left;
  };
  if (kind === 'refund') {
    if (n > count(units, 'open') + count(units, 'shipped')) return false;
    const fromShipped = take('shipped', 'shipped_refunded', n);
    take('open', 'refunded_unshipped', n - fromShipped);
    return true;
  }
  if (n > count(units, 'open')) return false;
  take('open', kind === 'ship' ? 'shipped' : 'canceled', n);
  return true;
}

function applyToLine(line: LineUnits, { kind, units }: Step): LineUnits | undefined {
  if (kind === 'refund') {
    const split = splitRefund(line, units);
    if (!split) return undefined;
    return adding(adding(line, 'refundedShipped', split.shipped), 'refundedUnshipped', split.unshipped);
  }
  if (units > toShip(line)) return undefined;
  return adding(line, kind === 'ship' ? 'shipped' : 'canceled', units);
}

describe('order line arithmetic against a unit-by-unit model', () => {
  it('agrees on what is to ship, refundable and reserved after any steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(
          fc.record({
            kind: fc.constantFrom('ship', 'cancel', 'refund'),
            units: fc.integer({ min: 1, max: 8 }),
          }),
          { maxLength: 12 },
        ),
        (ordered, steps) => {
          const units: Unit[] = Array.from({ length: ordered }, () => 'open');
          let line = noUnits(ordered);
          for (const step of steps as Step[]) {
            const next = applyToLine(line, step);
            expect(applyToUnits(units, step)).toBe(next !== undefined);
            if (next) line = next;
            expect(toShip(line)).toBe(count(units, 'open'));
            expect(refundable(line)).toBe(count(units, 'open') + count(units, 'shipped'));
            expect(line.shipped).toBe(count(units, 'shipped') + count(units, 'shipped_refunded'));
            // Once every shipment is deducted, what stays reserved is exactly what is to ship.
            expect(reservedUnits(line, line.shipped)).toBe(toShip(line));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
