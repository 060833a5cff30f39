import { SourceItemStatus } from '@inventory/contracts';
import { CatalogItem, FulfillmentOrder } from './audit-rules';

/** Where the catalog and fulfillment answer, and the key the audit reads them with (admin or ops). */
export interface ServiceReadsConfig {
  readonly catalogUrl: string;
  readonly fulfillmentUrl: string;
  readonly apiKey: string;
}

const PAGE = 1_000;

async function getJson<T>(url: string, apiKey: string): Promise<T> {
  const response = await fetch(url, { headers: { 'x-api-key': apiKey } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every page of a list route answering {items, total}. */
async function allPages<T>(url: (offset: number) => string, apiKey: string): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await getJson<{ items: T[]; total: number }>(url(offset), apiKey);
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

/** The catalog's source items, through its own route (no service reads another's tables). */
export async function catalogItems({ catalogUrl, apiKey }: ServiceReadsConfig): Promise<CatalogItem[]> {
  type Product = {
    sku: string;
    sources: { sourceCode: string; quantity: number; status: SourceItemStatus }[];
  };
  const products = await allPages<Product>(
    (offset) => `${catalogUrl}/products?limit=${PAGE}&offset=${offset}`,
    apiKey,
  );
  return products.flatMap(({ sku, sources }) =>
    sources.map(({ sourceCode, quantity, status }) => ({ sku, sourceCode, quantity, status })),
  );
}

/** One order as fulfillment has it now (undefined when it has none). */
export async function fulfillmentOrder(
  { fulfillmentUrl, apiKey }: ServiceReadsConfig,
  orderId: string,
): Promise<FulfillmentOrder | undefined> {
  const response = await fetch(`${fulfillmentUrl}/orders/${encodeURIComponent(orderId)}`, {
    headers: { 'x-api-key': apiKey },
  });
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw new Error(`GET order ${orderId} answered ${response.status}: ${await response.text()}`);
  const { items, ...order } = (await response.json()) as Listed;
  return { ...order, lines: items };
}

type Listed = Omit<FulfillmentOrder, 'lines'> & { items: FulfillmentOrder['lines'] };

/** Fulfillment's orders with their lines, by order id. */
export async function fulfillmentOrders({
  fulfillmentUrl,
  apiKey,
}: ServiceReadsConfig): Promise<Map<string, FulfillmentOrder>> {
  const orders = await allPages<Listed>(
    (offset) => `${fulfillmentUrl}/orders?limit=${PAGE}&offset=${offset}`,
    apiKey,
  );
  return new Map(orders.map(({ items, ...order }) => [order.orderId, { ...order, lines: items }]));
}
