import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { PageQuery } from '@inventory/service-runtime';
import { IsBooleanString, IsIn, IsOptional } from 'class-validator';
import { IsCode, RejectedLine, roundQty } from '@inventory/contracts';
import { CreditMemoView } from '../credit-memos/credit-memo.dto';
import { ShipmentView } from '../shipments/shipment.dto';
import { refunded, toShip } from '@inventory/order-lines';
import { KitRecipe } from '@inventory/order-lines';
import { OrderLineCounts } from './order-line';
import { KitLine, orderKits } from './order-kits';

export class OrderIdParam {
  @IsCode() readonly orderId!: string;
}

export type ReservationStatus = 'awaiting_reservation' | 'reserved' | 'rejected';

export class OrderLineView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 5 }) readonly ordered!: number;
  @ApiProperty({ example: 2, description: 'Units the reservation service still holds for this line' })
  readonly reserved!: number;
  @ApiProperty({ example: 3 }) readonly shipped!: number;
  @ApiProperty({ example: 0 }) readonly canceled!: number;
  @ApiProperty({ example: 1 }) readonly refunded!: number;
  @ApiProperty({ example: 0, description: 'Refunded units that never shipped: no longer to ship' })
  readonly refundedUnshipped!: number;
  @ApiProperty({ example: 1, description: 'Refunded units that went back to a source' })
  readonly returnedToStock!: number;
  @ApiProperty({ example: 2, description: 'ordered − shipped − canceled − refundedUnshipped' })
  readonly toShip!: number;
  @ApiProperty({
    example: 0,
    description:
      'Shipped units whose deduction at their source is not known here yet: the reservation service holds ' +
      'them until it is, so it holds toShip + inFlight',
  })
  readonly inFlight!: number;
}

export class KitComponentView {
  @ApiProperty({ example: 'MUG-01' }) readonly sku!: string;
  @ApiProperty({ example: 2, description: 'Units of the component in one kit' }) readonly qty!: number;
}

export class KitLineView {
  @ApiProperty({ example: 'GIFT-BOX' }) readonly sku!: string;
  @ApiProperty({ example: 1, description: 'Kits ordered' }) readonly qty!: number;
  @ApiProperty({ type: [KitComponentView], description: 'What one kit ships as: its lines are in items' })
  readonly components!: readonly KitComponentView[];
}

export class RejectedLineView {
  @ApiProperty() readonly sku!: string;
  @ApiProperty() readonly qty!: number;
  @ApiProperty({ example: 'is_salable_with_reservations-not_enough_qty' }) readonly code!: string;
  @ApiProperty() readonly message!: string;
}

export class OrderView {
  @ApiProperty({ example: 'order-1001' }) readonly orderId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'base' }) readonly salesChannel!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly placedAt!: string | null;
  @ApiProperty({ enum: ['awaiting_reservation', 'reserved', 'rejected'] })
  readonly reservationStatus!: ReservationStatus;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) readonly stockId!: number | null;
  @ApiProperty({ type: [RejectedLineView] }) readonly rejectedLines!: readonly RejectedLine[];
  @ApiProperty({ description: 'The whole order was canceled' }) readonly canceled!: boolean;
  @ApiProperty({ description: 'Placed, reserved, and some units still to ship' })
  readonly shippable!: boolean;
  @ApiProperty({
    type: [OrderLineView],
    description: 'Per SKU shipped: a kit line appears as its components',
  })
  readonly items!: readonly OrderLineView[];
  @ApiProperty({ type: [KitLineView], description: 'The kit lines as ordered, and their components' })
  readonly kits!: readonly KitLineView[];
  @ApiProperty({ type: [ShipmentView] }) readonly shipments!: readonly ShipmentView[];
  @ApiProperty({ type: [CreditMemoView] }) readonly creditMemos!: readonly CreditMemoView[];
}

export interface OrderRow {
  order_id: string;
  sales_channel: string | null;
  placed_at: Date | null;
  canceled: boolean;
  reservation_status: 'reserved' | 'rejected' | null;
  stock_id: number | null;
  rejected_lines: RejectedLine[] | null;
  /** The recipes its kit lines were reserved by. */
  kits: KitRecipe[] | null;
  /** Its kit lines as ordered, once their components replaced them in its lines. */
  kit_lines: KitLine[] | null;
}

export const reservationStatusOf = (row: OrderRow): ReservationStatus =>
  row.reservation_status ?? 'awaiting_reservation';

/** Why no shipment can be made for the order now, or undefined when one can. */
export function notShippableBecause(row: OrderRow): string | undefined {
  if (row.placed_at === null) return 'its OrderPlaced has not arrived yet';
  if (row.canceled) return 'it was canceled';
  const status = reservationStatusOf(row);
  if (status === 'awaiting_reservation') return 'its reservation has not been decided yet';
  if (status === 'rejected') return 'its reservation was rejected';
  return undefined;
}

export function toOrderView(
  row: OrderRow,
  lines: readonly OrderLineCounts[],
  shipments: readonly ShipmentView[] = [],
  creditMemos: readonly CreditMemoView[] = [],
): OrderView {
  const reservationStatus = reservationStatusOf(row);
  const items = lines
    .filter((line) => line.ordered > 0) // reservation events may come before the order
    .map((line): OrderLineView => ({
      sku: line.sku,
      ordered: line.ordered,
      reserved: reservationStatus === 'reserved' ? Math.max(0, roundQty(line.ordered - line.released)) : 0,
      shipped: line.shipped,
      canceled: line.canceled,
      refunded: refunded(line),
      refundedUnshipped: line.refundedUnshipped,
      returnedToStock: line.returnedToStock,
      toShip: toShip(line),
      inFlight: line.inFlight,
    }));
  return {
    orderId: row.order_id,
    salesChannel: row.sales_channel,
    placedAt: row.placed_at?.toISOString() ?? null,
    reservationStatus,
    stockId: row.stock_id,
    rejectedLines: row.rejected_lines ?? [],
    canceled: row.canceled,
    shippable: notShippableBecause(row) === undefined && items.some((line) => line.toShip > 0),
    items,
    kits: (row.kit_lines ?? []).map(({ sku, qty }) => ({ sku, qty, components: orderKits(row)[sku] ?? [] })),
    shipments,
    creditMemos,
  };
}

/** An order in a list: its lines and their counters, without its shipments and credit memos. */
export class OrderSummaryView extends OmitType(OrderView, ['shipments', 'creditMemos'] as const) {}

export class OrderListView {
  @ApiProperty({ type: [OrderSummaryView] }) readonly items!: readonly OrderSummaryView[];
  @ApiProperty({ example: 1 }) readonly total!: number;
}

export class OrderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['awaiting_reservation', 'reserved', 'rejected'] })
  @IsOptional()
  @IsIn(['awaiting_reservation', 'reserved', 'rejected'])
  readonly status?: ReservationStatus;

  @ApiPropertyOptional({ description: 'true: only orders with units that can be shipped now' })
  @IsOptional()
  @IsBooleanString()
  readonly toShip?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'base' })
  @IsOptional()
  @IsCode()
  readonly salesChannel?: string;
}
