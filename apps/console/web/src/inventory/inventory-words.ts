/**
 * The inventory states and the reasons of an adjustment in a merchant's words, by the values the
 * catalog takes. A unit test holds them to the contracts' lists.
 */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  available: 'Available',
  damaged: 'Damaged',
  quality_control: 'Quality control',
  safety_stock: 'Safety stock',
};

/** Where each state is on a source item as GET /source-items answers it. */
export const STATE_FIELDS = {
  available: 'quantity',
  damaged: 'damaged',
  quality_control: 'qualityControl',
  safety_stock: 'safetyStock',
} as const;
export type InventoryStateName = keyof typeof STATE_FIELDS;

export const REASON_LABELS: Readonly<Record<string, string>> = {
  cycle_count: 'Cycle count',
  damaged: 'Damaged',
  lost: 'Lost',
  found: 'Found',
  correction: 'Correction',
  quality_control: 'Quality control',
  safety_stock: 'Safety stock',
  other: 'Other',
};

/** What changed a quantity, as the movement log's `cause` and `reason` say it. */
export function causeInWords(cause: string, reason: string): string {
  if (cause === 'adjustment') return `Adjustment: ${REASON_LABELS[reason] ?? reason}`;
  const causes: Record<string, string> = {
    manual: 'Edited',
    import: 'CSV import',
    shipment: 'Shipment',
    credit_memo: 'Credit memo',
    receipt: 'Goods received',
    republish: 'Republished',
  };
  if (cause === 'transfer')
    return (
      {
        transfer_shipped: 'Transfer shipped',
        transfer_received: 'Transfer received',
        transfer_canceled: 'Transfer canceled',
      }[reason] ?? 'Transfer'
    );
  return causes[cause] ?? cause;
}
