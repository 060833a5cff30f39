import { OrderLineCounts, emptyLine } from './order-line';
import { OrderRow, notShippableBecause, toOrderView } from './order-view';

const row = (overrides: Partial<OrderRow>): OrderRow => ({
  order_id: 'o-1',
  sales_channel: 'base',
  placed_at: new Date('2026-11-23T10:00:00Z'),
  canceled: false,
  reservation_status: 'reserved',
  stock_id: 1,
  rejected_lines: null,
  kits: null,
  kit_lines: null,
  ...overrides,
});
const line = (counts: Partial<OrderLineCounts>): OrderLineCounts => ({
  ...emptyLine('A'),
  ordered: 5,
  ...counts,
});

describe('toOrderView', () => {
  it('is shippable once placed and reserved, with every counter of its lines', () => {
    const view = toOrderView(row({}), [
      line({ shipped: 3, refundedShipped: 1, returnedToStock: 1, released: 3 }),
    ]);
    expect(view).toMatchObject({ reservationStatus: 'reserved', shippable: true });
    expect(view.items).toEqual([
      {
        sku: 'A',
        ordered: 5,
        reserved: 2,
        shipped: 3,
        canceled: 0,
        refunded: 1,
        refundedUnshipped: 0,
        returnedToStock: 1,
        toShip: 2,
        inFlight: 0,
      },
    ]);
  });

  it('holds nothing for a rejected order, and is not shippable once every unit is settled', () => {
    expect(toOrderView(row({ reservation_status: 'rejected' }), [line({})]).items[0].reserved).toBe(0);
    expect(toOrderView(row({}), [line({ shipped: 3, canceled: 2 })]).shippable).toBe(false);
  });

  it('is not shippable while the reservation outcome has not arrived, or when rejected or canceled', () => {
    expect(toOrderView(row({ reservation_status: null }), [line({})])).toMatchObject({
      reservationStatus: 'awaiting_reservation',
      shippable: false,
    });
    expect(notShippableBecause(row({ reservation_status: null }))).toBe(
      'its reservation has not been decided yet',
    );
    expect(notShippableBecause(row({ reservation_status: 'rejected' }))).toBe('its reservation was rejected');
    expect(notShippableBecause(row({ canceled: true }))).toBe('it was canceled');
  });

  it('is not shippable when the reservation arrived before the order itself', () => {
    const early = row({ sales_channel: null, placed_at: null });
    // A compensation counted before OrderPlaced arrived leaves a line with nothing ordered yet.
    expect(toOrderView(early, [line({ ordered: 0, released: 2 })])).toMatchObject({
      items: [],
      placedAt: null,
      shippable: false,
    });
    expect(notShippableBecause(early)).toBe('its OrderPlaced has not arrived yet');
  });
});
