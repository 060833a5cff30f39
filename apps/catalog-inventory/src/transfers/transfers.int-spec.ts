import { CatalogApp, outboxEvents, startCatalogApp } from '../testing/catalog-app';

jest.setTimeout(60_000);

describe('transfers in transit (real PostgreSQL)', () => {
  let catalog: CatalogApp;
  const http = () => catalog.http();
  const quantities = async (sku: string) =>
    Object.fromEntries(
      (
        (await http().get(`/source-items?sku=${sku}`)).body.items as {
          sourceCode: string;
          quantity: number;
          damaged: number;
        }[]
      ).map((item) => [item.sourceCode, [item.quantity, item.damaged]]),
    );
  const stock = (sku: string, quantity: number) =>
    http()
      .post('/source-items')
      .send({ items: [{ sku, sourceCode: 'west', quantity, status: 'in_stock' }] })
      .expect(200);
  const ship = (body: object) => http().post('/transfers').send(body);

  beforeAll(async () => {
    catalog = await startCatalogApp('inventory_catalog_transfers_it');
    for (const code of ['west', 'east'])
      await http().put(`/sources/${code}`).send({ name: code, enabled: true }).expect(201);
  });

  afterAll(async () => {
    await catalog?.close();
  });

  it('ships, receives in parts with damaged units, and tells every step on inventory.catalog.v1', async () => {
    await stock('TR-A', 10);
    const shipped = await ship({
      transferId: 'tr-1',
      fromSourceCode: 'west',
      toSourceCode: 'east',
      items: [{ sku: 'TR-A', qty: 6 }],
      expectedAt: '2026-12-12T00:00:00.000Z',
    }).expect(201);
    expect(shipped.body).toMatchObject({
      transferId: 'tr-1',
      status: 'in_transit',
      expectedAt: '2026-12-12T00:00:00.000Z',
      items: [{ sku: 'TR-A', qty: 6, received: 0, damaged: 0, inTransit: 6 }],
    });
    expect(await quantities('TR-A')).toEqual({ west: [4, 0] });

    const part = await http()
      .post('/transfers/tr-1/receipts')
      .send({ receiptId: 'rcv-1', items: [{ sku: 'TR-A', qty: 3, damaged: 1 }] })
      .expect(201);
    expect(part.body).toMatchObject({
      status: 'partially_received',
      items: [{ received: 4, damaged: 1, inTransit: 2 }],
    });
    expect(await quantities('TR-A')).toEqual({ west: [4, 0], east: [3, 1] });
    // The same receipt again: applied once.
    const again = await http()
      .post('/transfers/tr-1/receipts')
      .send({ receiptId: 'rcv-1', items: [{ sku: 'TR-A', qty: 3, damaged: 1 }] })
      .expect(200);
    expect(again.body).toMatchObject({ alreadyApplied: true, status: 'partially_received' });
    expect(await quantities('TR-A')).toEqual({ west: [4, 0], east: [3, 1] });

    const over = await http()
      .post('/transfers/tr-1/receipts')
      .send({ receiptId: 'rcv-2', items: [{ sku: 'TR-A', qty: 3 }] })
      .expect(409);
    expect(over.body).toMatchObject({ code: 'over_receipt' });
    expect(over.body.errors[0].field).toBe('items.0.qty');

    await http()
      .post('/transfers/tr-1/receipts')
      .send({ receiptId: 'rcv-3', items: [{ sku: 'TR-A', qty: 2 }] })
      .expect(201);
    expect((await http().get('/transfers/tr-1').expect(200)).body.status).toBe('received');
    expect(await quantities('TR-A')).toEqual({ west: [4, 0], east: [5, 1] });

    const types = async () =>
      (await outboxEvents(catalog.dataSource, 'TransferShipped', 'tr-1'))
        .concat(await outboxEvents(catalog.dataSource, 'TransferReceived', 'tr-1'))
        .map((event) => [event.type, event.data.status ?? event.data.expectedAt]);
    expect(await types()).toEqual([
      ['TransferShipped', '2026-12-12T00:00:00.000Z'],
      ['TransferReceived', 'partially_received'],
      ['TransferReceived', 'received'],
    ]);
    const saved = await outboxEvents(catalog.dataSource, 'SourceItemsSaved', 'TR-A');
    expect(saved.at(-1).data).toMatchObject({ reason: 'transfer', transferId: 'tr-1' });
    const log = (await http().get('/source-items/movements?sku=TR-A&sourceCode=east').expect(200)).body;
    expect(
      log.items.map((row: { state: string; delta: number; reason: string }) => [
        row.state,
        row.delta,
        row.reason,
      ]),
    ).toEqual([
      ['available', 2, 'transfer_received'],
      ['damaged', 1, 'transfer_received'],
      ['available', 3, 'transfer_received'],
    ]);
    expect(log.items[0]).toMatchObject({ cause: 'transfer', documentId: 'tr-1', referenceDocument: 'rcv-3' });
  });

  it('moves nothing when the origin is short, and refuses bad transfers naming the field', async () => {
    await stock('TR-B', 2);
    const short = await ship({
      transferId: 'tr-short',
      fromSourceCode: 'west',
      toSourceCode: 'east',
      items: [{ sku: 'TR-B', qty: 3 }],
    }).expect(409);
    expect(short.body).toMatchObject({ code: 'insufficient_quantity' });
    expect(await quantities('TR-B')).toEqual({ west: [2, 0] });
    expect((await http().get('/transfers/tr-short')).status).toBe(404);

    const same = await ship({
      transferId: 'tr-same',
      fromSourceCode: 'west',
      toSourceCode: 'west',
      items: [{ sku: 'TR-B', qty: 1 }],
    });
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({ code: 'same_source', errors: [{ field: 'toSourceCode' }] });
    const unknown = await ship({
      transferId: 'tr-x',
      fromSourceCode: 'west',
      toSourceCode: 'mars',
      items: [{ sku: 'TR-B', qty: 1 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'unknown_source', errors: [{ field: 'toSourceCode' }] });
    const badDate = await ship({
      transferId: 'tr-d',
      fromSourceCode: 'west',
      toSourceCode: 'east',
      items: [{ sku: 'TR-B', qty: 1 }],
      expectedAt: 'next tuesday',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].field).toBe('expectedAt');
    expect(await quantities('TR-B')).toEqual({ west: [2, 0] });
  });

  it('ships a transferId once, even sent twice at the same time, and refuses the id for another transfer', async () => {
    await stock('TR-C', 10);
    const body = {
      transferId: 'tr-twice',
      fromSourceCode: 'west',
      toSourceCode: 'east',
      items: [{ sku: 'TR-C', qty: 4 }],
    };
    const answers = await Promise.all([ship(body), ship(body)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
    expect(await quantities('TR-C')).toEqual({ west: [6, 0] });
    const reused = await ship({ ...body, items: [{ sku: 'TR-C', qty: 5 }] }).expect(409);
    expect(reused.body).toMatchObject({ code: 'transfer_id_reused', errors: [{ field: 'transferId' }] });
  });

  it('gives what is still in transit back on cancel, once, and refuses receipts after it', async () => {
    await stock('TR-D', 10);
    await ship({
      transferId: 'tr-cancel',
      fromSourceCode: 'west',
      toSourceCode: 'east',
      items: [{ sku: 'TR-D', qty: 5 }],
    }).expect(201);
    await http()
      .post('/transfers/tr-cancel/receipts')
      .send({ receiptId: 'rcv-d', items: [{ sku: 'TR-D', qty: 2 }] })
      .expect(201);
    const canceled = await http().post('/transfers/tr-cancel/cancel').expect(200);
    expect(canceled.body).toMatchObject({
      status: 'canceled',
      items: [{ received: 2, returned: 3, inTransit: 0 }],
    });
    expect(await quantities('TR-D')).toEqual({ west: [8, 0], east: [2, 0] });
    await http().post('/transfers/tr-cancel/cancel').expect(200);
    expect(await quantities('TR-D')).toEqual({ west: [8, 0], east: [2, 0] });
    const late = await http()
      .post('/transfers/tr-cancel/receipts')
      .send({ receiptId: 'rcv-late', items: [{ sku: 'TR-D', qty: 1 }] })
      .expect(409);
    expect(late.body.code).toBe('transfer_closed');
    const [event] = await outboxEvents(catalog.dataSource, 'TransferCanceled', 'tr-cancel');
    expect(event.data).toMatchObject({ fromSourceCode: 'west', items: [{ sku: 'TR-D', qty: 3 }] });
    expect(await outboxEvents(catalog.dataSource, 'TransferCanceled', 'tr-cancel')).toHaveLength(1);

    const list = (await http().get('/transfers?status=canceled&sku=TR-D').expect(200)).body;
    expect(list).toMatchObject({ total: 1, items: [{ transferId: 'tr-cancel' }] });
    expect((await http().get('/transfers/nope').expect(404)).body.code).toBe('transfer_not_found');
  });
});
