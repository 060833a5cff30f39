import { Readable } from 'node:stream';
import { CatalogApp, startCatalogApp } from '../../testing/catalog-app';

jest.setTimeout(120_000);

const csv = (...rows: string[]) => ['sku,source_code,quantity,status', ...rows].join('\n') + '\n';

describe('source items CSV (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const importCsv = (body: string, mode?: string) =>
    catalog
      .http()
      .post(`/source-items/import${mode ? `?mode=${mode}` : ''}`)
      .set('content-type', 'text/csv')
      .send(body);
  const quantities = async (sku: string) =>
    (await catalog.http().get(`/source-items?sku=${sku}`)).body.items.map(
      (i: { quantity: number }) => i.quantity,
    );

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_csv_it');
  });

  afterAll(async () => {
    await catalog?.close();
  });

  const withBadRows = csv(
    'CSV-A,default,5,in_stock',
    'CSV-B,nowhere,-2,in_stock',
    'CSV-C,default,7,maybe',
    'CSV-D,default,1.5,in_stock',
  );

  it('all_or_nothing: reports each bad row with its line and reason, and stores nothing', async () => {
    const response = await importCsv(withBadRows);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      code: 'import_rejected',
      message:
        'Nothing was stored: 2 of 4 rows are bad (line 3 source_code: source "nowhere" does not exist)',
      mode: 'all_or_nothing',
      applied: false,
      rowsRead: 4,
      rowsApplied: 0,
      rowsRejected: 2,
    });
    expect(response.body.errors).toEqual([
      { line: 3, field: 'source_code', message: 'source "nowhere" does not exist' },
      { line: 3, field: 'quantity', message: 'must be between 0 and 1000000000' },
      { line: 4, field: 'status', message: 'must be one of in_stock, out_of_stock' },
    ]);
    expect(await quantities('CSV-A')).toEqual([]);
  });

  it('valid_rows: stores the good rows and reports the bad ones', async () => {
    const response = await importCsv(withBadRows, 'valid_rows');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ applied: true, rowsApplied: 2, rowsRejected: 2 });
    expect(await quantities('CSV-A')).toEqual([5]);
    expect(await quantities('CSV-D')).toEqual([1.5]);
    const [event] = await catalog.dataSource.query(
      `SELECT payload FROM outbox WHERE event_type = 'SourceItemsSaved' AND message_key = 'CSV-D'`,
    );
    expect(JSON.parse(event.payload).data.reason).toBe('import');
  });

  it('applies an import named by importId once, however often it is sent, even at the same time', async () => {
    const file = csv('CSV-ONCE-1,default,3,in_stock', 'CSV-ONCE-2,default,4,in_stock');
    const send = () => importCsv(file, 'all_or_nothing&importId=nightly-1');
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    const answers = [first, second, third].map((response) => [
      response.status,
      response.body.alreadyApplied ?? false,
    ]);
    expect(answers.sort()).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
    expect(third.body).toMatchObject({ applied: true, rowsApplied: 2, alreadyApplied: true });
    const events = await catalog.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'SourceItemsSaved' AND message_key IN ('CSV-ONCE-1', 'CSV-ONCE-2')`,
    );
    expect(events[0].n).toBe(2); // one per SKU: the file was applied once
    // A refused import does not take its id: corrected, it goes through under the same name.
    const refused = await importCsv(
      csv('CSV-ONCE-3,nowhere,1,in_stock'),
      'all_or_nothing&importId=nightly-2',
    );
    expect(refused.status).toBe(422);
    const corrected = await importCsv(
      csv('CSV-ONCE-3,default,1,in_stock'),
      'all_or_nothing&importId=nightly-2',
    );
    expect(corrected.body).toMatchObject({ applied: true, rowsApplied: 1 });
    expect(corrected.body.alreadyApplied).toBeUndefined();
    expect(await quantities('CSV-ONCE-3')).toEqual([1]);
  });

  it('refuses a file without the required columns or with broken quoting', async () => {
    const missing = await importCsv('sku,qty\nA,1\n');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'csv_missing_columns', errors: [{ field: 'header' }] });
    const broken = await importCsv(csv('"CSV-X,default,1,in_stock'));
    expect(broken.body.code).toBe('csv_malformed');
    expect(await quantities('CSV-X')).toEqual([]);
  });

  it('streams 100,000 rows in and out', async () => {
    const total = 100_000;
    async function* rows() {
      yield 'sku,source_code,quantity,status\n';
      for (let i = 0; i < total; i += 1_000) {
        yield Array.from(
          { length: 1_000 },
          (_, j) => `BULK-${String(i + j).padStart(6, '0')},default,${(i + j) % 50},in_stock\n`,
        ).join('');
      }
    }
    const body = await streamToString(Readable.from(rows()));
    const imported = await importCsv(body);
    expect(imported.body).toMatchObject({
      applied: true,
      rowsRead: total,
      rowsApplied: total,
      rowsRejected: 0,
    });

    const exported = await catalog
      .http()
      .get('/source-items/export?skuPrefix=BULK-')
      .buffer(true)
      .parse(textParser as never);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const lines = (exported.body as string).trim().split('\n');
    expect(lines[0]).toBe(
      'sku,source_code,quantity,status,notify_stock_qty,damaged,quality_control,safety_stock',
    );
    expect(lines).toHaveLength(total + 1);
    expect(lines[1]).toBe('BULK-000000,default,0,out_of_stock,,0,0,0');
    expect(lines[total]).toBe('BULK-099999,default,49,in_stock,,0,0,0');
  });
});

async function streamToString(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

function textParser(
  response: NodeJS.ReadableStream & { setEncoding(e: string): void },
  done: (e: Error | null, body: string) => void,
) {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => done(null, text));
}
