import { createEvent } from '@inventory/contracts';
import { sendJson } from './http';

/** An upstream order system's OrderPlaced for one line, on the `base` channel unless told. */
export const orderPlaced = (orderId: string, sku: string, qty: number, salesChannel = 'base') =>
  createEvent(
    'OrderPlaced',
    { orderId, salesChannel, items: [{ sku, qty }], placedAt: new Date().toISOString() },
    { source: 'order-system' },
  );

/** Puts `quantity` of the SKU at the Default Source through the catalog's HTTP API. */
export async function stockAtDefaultSource(catalogUrl: string, sku: string, quantity: number): Promise<void> {
  const saved = await sendJson('POST', `${catalogUrl}/source-items`, {
    items: [{ sku, sourceCode: 'default', quantity, status: 'in_stock' }],
  });
  if (saved.status !== 200) throw new Error(`catalog refused the source item: ${JSON.stringify(saved.body)}`);
}
