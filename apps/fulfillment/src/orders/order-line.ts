import { LineUnits, noUnits } from '@inventory/order-lines';

/** One SKU of an order as fulfillment keeps it: the shared counters and what this service adds. */
export interface OrderLineCounts extends LineUnits {
  readonly sku: string;
  /** Refunded units that went back to a source. */
  readonly returnedToStock: number;
  /** Units the reservation service gave back (shipped, canceled, refunded unshipped). */
  readonly released: number;
  /** Shipped units whose deduction at their source this service has not seen yet. */
  readonly inFlight: number;
}

export const emptyLine = (sku: string): OrderLineCounts => ({
  sku,
  ...noUnits(),
  returnedToStock: 0,
  released: 0,
  inFlight: 0,
});
