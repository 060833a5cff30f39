import { HoldEvent } from '../streams/stream-events';
import { SkuState, evolveSku } from '../sku-state/sku-state';
import { givenConfiguration, givenSku, quantities } from '../testing/given';
import { decideOrder } from '../reserve-order/decide-order';
import { HoldRefused, HoldState, decideHold, evolveHold, releaseHoldEvents } from './hold-state';

const configuration = givenConfiguration();
const expiresAt = new Date('2026-11-23T12:15:00Z');

function placeHold(sku: SkuState, qty: number) {
  const outcome = decideHold(
    { holdId: 'h1', salesChannel: 'base', items: [{ sku: 'A', qty }], expiresAt },
    { configuration, skus: new Map([['A', sku]]) },
  );
  const hold = outcome.hold!.events.reduce<HoldState | undefined>(evolveHold, undefined);
  return { hold: hold!, sku: outcome.skus.get('A')!.reduce(evolveSku, sku) };
}

describe('cart holds', () => {
  const fresh = givenSku('A', quantities({ default: 3 }));

  it('reserve like an order, all lines or none, until released', () => {
    const { hold, sku } = placeHold(fresh, 2);
    expect(hold).toMatchObject({
      holdId: 'h1',
      stockId: 1,
      expiresAt: expiresAt.toISOString(),
      releasedBecause: null,
    });
    expect(sku.reserved[1]).toBe(-2);
    expect(() => placeHold(sku, 2)).toThrow(HoldRefused);
  });

  it('are released once: expiry gives the units back, a second release records nothing', () => {
    const { hold, sku } = placeHold(fresh, 2);
    const released = releaseHoldEvents(hold, 'expired');
    expect(released.skus.get('A')).toEqual([
      {
        type: 'ReservationCompensated',
        data: { ref: 'hold:h1', stockId: 1, qty: 2, reason: 'hold_expired' },
      },
    ]);
    expect(released.skus.get('A')!.reduce(evolveSku, sku).reserved[1]).toBe(0);
    const after = (released.hold!.events as HoldEvent[]).reduce<HoldState | undefined>(evolveHold, hold);
    expect(releaseHoldEvents(after, 'expired')).toEqual({ skus: new Map() });
  });

  it("are converted by the order naming them: the order may take the hold's units", () => {
    const { hold, sku } = placeHold(fresh, 3); // everything held
    const outcome = decideOrder(
      { orderId: 'o1', salesChannel: 'base', items: [{ sku: 'A', qty: 3 }], holdId: 'h1' },
      { configuration, skus: new Map([['A', sku]]), alreadyDecided: false, hold },
    );
    expect(outcome.order?.events[0].type).toBe('OrderReservationPlaced');
    expect(outcome.skus.get('A')?.map((e) => e.type)).toEqual(['ReservationCompensated', 'StockReserved']);
    expect(outcome.hold?.events).toEqual([
      { type: 'HoldReleased', data: { holdId: 'h1', reason: 'converted', orderId: 'o1' } },
    ]);
    expect(outcome.skus.get('A')!.reduce(evolveSku, sku).reserved[1]).toBe(-3);
  });
});
