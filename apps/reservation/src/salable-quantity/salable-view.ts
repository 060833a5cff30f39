import { SalableQuantityChanged } from '@inventory/contracts';
import { StockPosition, salableQuantity } from '../stock-position/stock-position';

/** The Default Stock with the `base` channel; issue 6 brings the real topology from the catalog. */
export const DEFAULT_STOCK_ID = 1;
export const stockOfChannel = (salesChannel: string) =>
  salesChannel === 'base' ? DEFAULT_STOCK_ID : undefined;

/** What storefronts and other services see of a SKU in a stock (the SalableQuantityChanged shape). */
export function salableView(position: StockPosition, stockId = DEFAULT_STOCK_ID): SalableQuantityChanged {
  const salableQty = salableQuantity(position);
  return {
    stockId,
    sku: position.sku,
    salableQty,
    isSalable: salableQty > 0,
    onlyXLeft: null,
    backorders: 'none',
  };
}
