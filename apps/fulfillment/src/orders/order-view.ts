import { OrderLine, RejectedLine } from '@inventory/contracts';

export type ReservationStatus = 'awaiting_reservation' | 'reserved' | 'rejected';

export interface OrderView {
  readonly orderId: string;
  readonly salesChannel: string | null;
  readonly placedAt: string | null;
  readonly items: readonly OrderLine[];
  readonly reservationStatus: ReservationStatus;
  readonly stockId: number | null;
  readonly rejectedLines: readonly RejectedLine[];
  readonly canceled: boolean;
  /** Only orders whose OrderPlaced has arrived, reserved and not canceled, can be shipped. */
  readonly shippable: boolean;
}

export interface OrderRow {
  order_id: string;
  sales_channel: string | null;
  items: OrderLine[] | null;
  placed_at: Date | null;
  canceled: boolean;
  reservation_status: 'reserved' | 'rejected' | null;
  stock_id: number | null;
  rejected_lines: RejectedLine[] | null;
}

export function toOrderView(row: OrderRow): OrderView {
  const reservationStatus = row.reservation_status ?? 'awaiting_reservation';
  return {
    orderId: row.order_id,
    salesChannel: row.sales_channel,
    placedAt: row.placed_at?.toISOString() ?? null,
    items: row.items ?? [],
    reservationStatus,
    stockId: row.stock_id,
    rejectedLines: row.rejected_lines ?? [],
    canceled: row.canceled,
    shippable: row.items !== null && reservationStatus === 'reserved' && !row.canceled,
  };
}
