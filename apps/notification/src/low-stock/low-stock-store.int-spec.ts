import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { StoredSettings, resolveSettings } from '@inventory/contracts';
import { SERVICES, createServiceApp } from '@inventory/service-runtime';
import { InProcessApp, startInProcessApp } from '@inventory/testing';
import { GLOBAL, recomputeLowStock, saveSettings } from './low-stock-store';

jest.setTimeout(120_000);

const quantity = fc.integer({ min: -8, max: 48 }).map((n) => n / 4);
/** A stored setting: absent, null ("use the level below") or a value. */
const stored = <T>(value: fc.Arbitrary<T>) => fc.option(fc.option(value, { nil: null }), { nil: undefined });
const settings = fc.record(
  { manageStock: stored(fc.boolean()), notifyStockQty: stored(quantity) },
  { requiredKeys: [] },
);

/**
 * The threshold rule as the contracts say it: the source item's notifyStockQty, else the resolved
 * setting (product → global → default); 0, or stock not managed, turns it off; low is below it.
 */
function expected(
  global: StoredSettings,
  product: StoredSettings | undefined,
  item: { qty: number; notify: number | null },
) {
  const effective = resolveSettings(global, product ?? {}).settings;
  const notify = item.notify ?? effective.notifyStockQty;
  const threshold = effective.manageStock && notify !== 0 ? notify : null;
  return { threshold, isLow: threshold !== null && item.qty < threshold };
}

/** Notification keeps its own SQL copy of settings resolution (one statement for a million rows). */
describe("notification's low-stock SQL against resolveSettings (real PostgreSQL)", () => {
  let service: InProcessApp;

  beforeAll(async () => {
    service = await startInProcessApp({
      databaseUrlVariable: SERVICES.notification.databaseUrlVariable,
      database: 'inventory_notification_low_stock_it',
      create: async () => createServiceApp((await import('../app.module')).AppModule),
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('gives every source item the threshold and low flag resolveSettings gives it', async () => {
    const items = fc.array(fc.record({ qty: quantity, notify: fc.option(quantity, { nil: null }) }), {
      minLength: 1,
      maxLength: 3,
    });
    await fc.assert(
      fc.asyncProperty(
        settings,
        fc.option(settings, { nil: undefined }),
        items,
        async (global, product, lines) => {
          const sku = `LS-${randomUUID()}`;
          await service.dataSource.transaction(async (tx) => {
            await saveSettings(tx, GLOBAL, global as StoredSettings);
            if (product) await saveSettings(tx, sku, product as StoredSettings);
            await tx.query(
              `INSERT INTO source_items (sku, source_code, quantity, status, notify_stock_qty)
             SELECT $1, 'src-' || n, q, 'in_stock', t FROM unnest($2::numeric[], $3::numeric[]) WITH ORDINALITY AS l(q, t, n)`,
              [sku, lines.map((line) => line.qty), lines.map((line) => line.notify)],
            );
            await recomputeLowStock(tx, { from: sku, to: sku });
          });
          const rows: { source_code: string; threshold: string | null; is_low: boolean }[] =
            await service.dataSource.query(
              `SELECT source_code, threshold, is_low FROM source_items WHERE sku = $1 ORDER BY source_code`,
              [sku],
            );
          const seen = rows.map((row) => ({
            threshold: row.threshold === null ? null : Number(row.threshold),
            isLow: row.is_low,
          }));
          expect(seen).toEqual(
            lines.map((line) => expected(global as StoredSettings, product as StoredSettings, line)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
