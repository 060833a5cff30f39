import { FieldError, InventorySettings } from '@inventory/contracts';

/** Rules across fields of the effective settings; each broken rule names the field to fix. */
export function settingsProblems(settings: InventorySettings): FieldError[] {
  const problems: FieldError[] = [];
  if (settings.minQty < 0 && settings.backorders === 'none') {
    problems.push({ field: 'minQty', problems: ['may be negative only when backorders are allowed'] });
  }
  if (settings.maxSaleQty < settings.minSaleQty) {
    problems.push({
      field: 'maxSaleQty',
      problems: [`must not be less than minSaleQty (${settings.minSaleQty})`],
    });
  }
  if (settings.enableQtyIncrements && !settings.isQtyDecimal && !Number.isInteger(settings.qtyIncrements)) {
    problems.push({ field: 'qtyIncrements', problems: ['must be a whole number unless isQtyDecimal is on'] });
  }
  return problems;
}
