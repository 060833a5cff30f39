import { OrderRow, toOrderView } from './order-view';

const row = (overrides: Partial<OrderRow>): OrderRow => ({
  order_id: 'o-1',
  sales_channel: 'base',
  items: [{ sku: 'A', qty: 1 }],
  placed_at: new Date('2026-11-23T10:00:00Z'),
  canceled: false,
  reservation_status: 'reserved',
  stock_id: 1,
  rejected_lines: null,
  ...overrides,
});

describe('toOrderView', () => {
  it('is shippable once placed and reserved', () => {
    expect(toOrderView(row({}))).toMatchObject({ reservationStatus: 'reserved', shippable: true });
  });

  it('is not shippable while the reservation outcome has not arrived, or when rejected or canceled', () => {
    expect(toOrderView(row({ reservation_status: null }))).toMatchObject({
      reservationStatus: 'awaiting_reservation',
      shippable: false,
    });
    expect(toOrderView(row({ reservation_status: 'rejected' })).shippable).toBe(false);
    expect(toOrderView(row({ canceled: true })).shippable).toBe(false);
  });

  it('is not shippable when the reservation arrived before the order itself', () => {
    const early = row({ sales_channel: null, items: null, placed_at: null });
    expect(toOrderView(early)).toMatchObject({ items: [], placedAt: null, shippable: false });
  });
});
