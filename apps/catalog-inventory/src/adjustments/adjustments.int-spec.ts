import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

describe('adjustments and the movement log (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const item = async (sku: string, sourceCode = 'default') =>
    ((await catalog.http().get(`/source-items?sku=${sku}`)).body.items as { sourceCode: string }[]).find(
      (candidate) => candidate.sourceCode === sourceCode,
    );
  const movements = async (query: string) =>
    (await catalog.http().get(`/source-items/movements?${query}`).expect(200)).body;
  const stock = (sku: string, quantity: number, sourceCode = 'default') =>
    catalog
      .http()
      .post('/source-items')
      .send({ items: [{ sku, sourceCode, quantity, status: 'in_stock' }] })
      .expect(200);
  const adjust = (body: object) => catalog.http().post('/adjustments').send(body);

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_adjustments_it');
    await catalog.http().put('/sources/east').send({ name: 'East', enabled: true }).expect(201);
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('moves damaged goods out of sale: one adjustment, one event, two movements', async () => {
    await stock('DMG', 10);
    const response = await adjust({
      adjustmentId: 'dmg-1',
      reason: 'damaged',
      referenceDocument: 'RMA-4471',
      note: 'Dropped pallet',
      changes: [
        { sku: 'DMG', sourceCode: 'default', state: 'available', delta: -2 },
        { sku: 'DMG', sourceCode: 'default', state: 'damaged', delta: 2 },
      ],
    }).expect(201);
    expect(response.body.items).toEqual([
      expect.objectContaining({ sku: 'DMG', quantity: 8, damaged: 2, qualityControl: 0, safetyStock: 0 }),
    ]);
    expect(await item('DMG')).toMatchObject({ quantity: 8, damaged: 2 });

    const events = await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'DMG');
    expect(events.at(-1).data).toMatchObject({
      reason: 'adjustment',
      adjustmentId: 'dmg-1',
      items: [{ sourceCode: 'default', quantity: 8, damaged: 2, status: 'in_stock', notifyStockQty: null }],
    });
    expect(events.at(-1).data.items[0]).not.toHaveProperty('safetyStock'); // absent = 0

    const log = await movements('sku=DMG');
    expect(log.total).toBe(3);
    expect(log.items.map((row: { state: string; delta: number }) => [row.state, row.delta])).toEqual([
      ['damaged', 2],
      ['available', -2],
      ['available', 10],
    ]);
    expect(log.items[0]).toMatchObject({
      sourceCode: 'default',
      quantityAfter: 2,
      cause: 'adjustment',
      reason: 'damaged',
      referenceDocument: 'RMA-4471',
      documentId: 'dmg-1',
    });
    expect(log.items[2]).toMatchObject({ cause: 'manual', reason: 'manual', quantityAfter: 10 });
  });

  it('applies an adjustmentId once, and refuses the id for other changes', async () => {
    await stock('ONCE', 5);
    const body = {
      adjustmentId: 'once-1',
      reason: 'found',
      changes: [{ sku: 'ONCE', sourceCode: 'default', state: 'available', delta: 1 }],
    };
    const [first, second] = await Promise.all([adjust(body), adjust(body)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect([first.body, second.body].find((answer) => answer.alreadyApplied)).toMatchObject({
      adjustmentId: 'once-1',
      items: [expect.objectContaining({ quantity: 6 })],
    });
    expect(await item('ONCE')).toMatchObject({ quantity: 6 });

    const reused = await adjust({ ...body, changes: [{ ...body.changes[0], delta: 5 }] }).expect(409);
    expect(reused.body).toMatchObject({ code: 'adjustment_id_reused' });
    expect(reused.body.errors[0].field).toBe('adjustmentId');
    expect(await item('ONCE')).toMatchObject({ quantity: 6 });
  });

  it('refuses a cycle count made against a quantity that has changed since, storing nothing', async () => {
    await stock('COUNT', 10);
    const counted = (compareQuantity: number) =>
      adjust({
        adjustmentId: 'count-1',
        reason: 'cycle_count',
        changes: [{ sku: 'COUNT', sourceCode: 'default', state: 'available', delta: -3, compareQuantity }],
      });
    await stock('COUNT', 9); // an order shipped while the shelf was counted
    const eventsBefore = (await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'COUNT')).length;
    const refused = await counted(10).expect(409);
    expect(refused.body).toMatchObject({ code: 'quantity_changed' });
    expect(refused.body.message).toContain(
      'changes.0.compareQuantity: available of "COUNT" at source "default" is 9 now, not 10',
    );
    expect(await item('COUNT')).toMatchObject({ quantity: 9 });
    expect((await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'COUNT')).length).toBe(eventsBefore);
    expect((await movements('sku=COUNT')).total).toBe(2);
    // Refused, the id was not used: the merchant recounts and sends it again.
    await counted(9).expect(201);
    expect(await item('COUNT')).toMatchObject({ quantity: 6 });
  });

  it('lets one of two counts against the same quantity through, never both', async () => {
    await stock('RACE', 10);
    const count = (id: string) =>
      adjust({
        adjustmentId: id,
        reason: 'cycle_count',
        changes: [{ sku: 'RACE', sourceCode: 'default', state: 'available', delta: -1, compareQuantity: 10 }],
      });
    const answers = await Promise.all([count('race-1'), count('race-2'), count('race-3')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(await item('RACE')).toMatchObject({ quantity: 9 });
  });

  it('never loses a write when two create the same source item at once: the second is told to retry', async () => {
    const found = (id: string, sku: string, delta: number, compareQuantity?: number) =>
      adjust({
        adjustmentId: id,
        reason: 'found',
        changes: [{ sku, sourceCode: 'east', state: 'available', delta, compareQuantity }],
      });
    const answers = await Promise.all([found('fresh-1', 'FRESH', 5), found('fresh-2', 'FRESH', 3)]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(201);
    for (const answer of answers.filter((candidate) => candidate.status !== 201))
      expect(answer).toMatchObject({ status: 503, body: { code: 'write_contention' } });
    const applied = [5, 3].filter((_, index) => statuses[index] === 201);
    const sum = applied.reduce((total, delta) => total + delta, 0);
    expect(await item('FRESH', 'east')).toMatchObject({ quantity: sum });
    const log = await movements('sku=FRESH');
    expect(log.items.reduce((total: number, row: { delta: number }) => total + row.delta, 0)).toBe(sum);
    // Told to retry, it applies on top of the other: nothing lost.
    if (statuses[1] !== 201) await found('fresh-2', 'FRESH', 3).expect(201);
    if (statuses[0] !== 201) await found('fresh-1', 'FRESH', 5).expect(201);
    expect(await item('FRESH', 'east')).toMatchObject({ quantity: 8 });

    // Two counts of a never-stored item, both made against 0: never both applied.
    const counts = await Promise.all([found('fresh-3', 'FRESH-2', 1, 0), found('fresh-4', 'FRESH-2', 1, 0)]);
    expect(counts.map((answer) => answer.status).filter((status) => status === 201)).toHaveLength(1);
    expect(await item('FRESH-2', 'east')).toMatchObject({ quantity: 1 });
  });

  it('logs what a source item held when the SKU leaves the source', async () => {
    await stock('GONE', 4, 'east');
    await adjust({
      adjustmentId: 'gone-1',
      reason: 'damaged',
      changes: [{ sku: 'GONE', sourceCode: 'east', state: 'damaged', delta: 1 }],
    }).expect(201);
    await catalog
      .http()
      .delete('/source-items')
      .send({ items: [{ sku: 'GONE', sourceCode: 'east' }] })
      .expect(200);
    const log = await movements('sku=GONE');
    expect(
      log.items
        .slice(0, 2)
        .map((row: { cause: string; state: string; delta: number; quantityAfter: number }) => [
          row.cause,
          row.state,
          row.delta,
          row.quantityAfter,
        ]),
    ).toEqual([
      ['unassign', 'damaged', -1, 0],
      ['unassign', 'available', -4, 0],
    ]);
  });

  it('refuses any state going below 0, naming the change, storing nothing', async () => {
    await stock('SHORT', 1);
    const refused = await adjust({
      adjustmentId: 'short-1',
      reason: 'lost',
      changes: [
        { sku: 'SHORT', sourceCode: 'default', state: 'safety_stock', delta: 1 },
        { sku: 'SHORT', sourceCode: 'default', state: 'available', delta: -2 },
      ],
    }).expect(409);
    expect(refused.body).toMatchObject({ code: 'insufficient_quantity' });
    expect(refused.body.errors).toEqual([
      { field: 'changes.1.delta', problems: [expect.stringContaining('-1')] },
    ]);
    expect(await item('SHORT')).toMatchObject({ quantity: 1, safetyStock: 0 });
  });

  it('answers bad input with a 400 naming the field', async () => {
    const change = { sku: 'BAD', sourceCode: 'default', state: 'available', delta: 1 };
    const cases: [object, string, string][] = [
      [{ changes: [{ ...change, state: 'broken' }] }, 'changes.0.state', 'validation_failed'],
      [{ reason: 'stolen_by_elves' }, 'reason', 'validation_failed'],
      [{ changes: [{ ...change, delta: 0 }] }, 'changes.0.delta', 'validation_failed'],
      [{ changes: [{ ...change, sourceCode: 'nowhere' }] }, 'changes.0.sourceCode', 'unknown_source'],
      [{ changes: [{ ...change, delta: 0.5 }] }, 'changes.0.delta', 'fractional_quantity'],
      [{ changes: [change, change] }, 'changes.1', 'duplicate_change'],
    ];
    for (const [override, field, code] of cases) {
      const response = await adjust({
        adjustmentId: 'bad-1',
        reason: 'correction',
        changes: [change],
        ...override,
      }).expect(400);
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await item('BAD')).toBeUndefined();
  });

  it('logs every cause: a transfer, a CSV import, paged newest first', async () => {
    await stock('LOG', 10);
    await catalog
      .http()
      .post('/source-items/transfer')
      .send({ sku: 'LOG', fromSourceCode: 'default', toSourceCode: 'east', qty: 4 })
      .expect(200);
    await catalog
      .http()
      .post('/source-items/import?importId=log-import')
      .set('content-type', 'text/csv')
      .send('sku,source_code,quantity,status,safety_stock\nLOG,east,5,in_stock,2\n')
      .expect(200);
    expect(await item('LOG', 'east')).toMatchObject({ quantity: 5, safetyStock: 2, damaged: 0 });

    const east = await movements('sku=LOG&sourceCode=east');
    expect(
      east.items.map((row: { cause: string; state: string; delta: number }) => [
        row.cause,
        row.state,
        row.delta,
      ]),
    ).toEqual([
      ['import', 'safety_stock', 2],
      ['import', 'available', 1],
      ['transfer', 'available', 4],
    ]);
    expect(east.items[0].documentId).toBe('log-import');
    const page = await movements('sku=LOG&limit=2&offset=1');
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ cause: 'import', state: 'available' });
  });

  it('keeps the held states when a manual edit or an import leaves them out', async () => {
    await stock('KEEP', 10);
    await adjust({
      adjustmentId: 'keep-1',
      reason: 'quality_control',
      changes: [
        { sku: 'KEEP', sourceCode: 'default', state: 'available', delta: -3 },
        { sku: 'KEEP', sourceCode: 'default', state: 'quality_control', delta: 3 },
      ],
    }).expect(201);
    await stock('KEEP', 20);
    expect(await item('KEEP')).toMatchObject({ quantity: 20, qualityControl: 3 });
    const exported = await catalog.http().get('/source-items/export?skuPrefix=KEEP').expect(200);
    expect(exported.text).toContain(
      'sku,source_code,quantity,status,notify_stock_qty,damaged,quality_control,safety_stock',
    );
    expect(exported.text).toContain('KEEP,default,20,in_stock,,0,3,0');
  });
});
