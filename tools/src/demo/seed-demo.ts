/**
 * `npm start`'s demo data, through the catalog's own routes, so a newcomer can try every route at
 * once: a second source `warehouse-east` (New York, with coordinates) linked to the Default Stock,
 * and SKU HDB-001 with 150 units at the Default Source. The Default Source, the Default Stock and
 * the `base` channel exist from the catalog's first migration. Idempotent: what exists is left as
 * it is (a merchant's later changes survive a restart). DEMO_DATA=false skips it.
 */
import { requestJson } from './demo-http';

const catalog = process.env.CATALOG_URL ?? `http://127.0.0.1:${process.env.CATALOG_INVENTORY_PORT ?? 3001}`;

async function call(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown) {
  const response = await requestJson(method, `${catalog}${path}`, body);
  if (response.status >= 400 && response.status !== 404) {
    throw new Error(`${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  }
  return response;
}

async function main() {
  const said: string[] = [];
  if ((await call('GET', '/sources/warehouse-east')).status === 404) {
    await call('PUT', '/sources/warehouse-east', {
      name: 'East Warehouse',
      enabled: true,
      latitude: 40.7506,
      longitude: -73.9972,
      address: { country: 'US', city: 'New York', postcode: '10001' },
    });
    said.push('source warehouse-east');
  }
  const stock = (await call('GET', '/stocks/1')).body as {
    name: string;
    sourceLinks: { sourceCode: string; priority: number }[];
    salesChannels: string[];
  };
  if (!stock.sourceLinks.some((link) => link.sourceCode === 'warehouse-east')) {
    const last = Math.max(0, ...stock.sourceLinks.map((link) => link.priority));
    await call('PUT', '/stocks/1', {
      name: stock.name,
      sourceLinks: [...stock.sourceLinks, { sourceCode: 'warehouse-east', priority: last + 1 }],
      salesChannels: stock.salesChannels,
    });
    said.push('warehouse-east linked to the Default Stock');
  }
  const items = (await call('GET', '/source-items?sku=HDB-001')).body as { items: unknown[] };
  if (!items.items.length) {
    await call('POST', '/source-items', {
      items: [{ sku: 'HDB-001', sourceCode: 'default', quantity: 150, status: 'in_stock' }],
    });
    said.push('HDB-001 with 150 at the Default Source');
  }
  console.log(`[demo] ${said.length ? `seeded ${said.join(', ')}` : 'demo data already there'}`);
}

main().catch((error: Error) => {
  console.error(`[demo] could not seed the demo data: ${error.message}`);
  process.exit(1);
});
