import { DataSource } from 'typeorm';
import { DeadLetter } from '../consumer/dead-letter';
import { messagingDatabase } from '../testing/messaging-database';
import { DeadLetterStore } from './dead-letter-store';

jest.setTimeout(60_000);

const letter = (offset: number, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  position: { topic: 'orders.v1', partition: 2, offset: String(offset), key: `order-${offset}` },
  value: Buffer.from(JSON.stringify({ n: offset, pad: 'x'.repeat(5_000) })),
  headers: { 'event-id': `e-${offset}`, 'event-type': offset % 2 ? 'OrderPlaced' : 'OrderCanceled' },
  groupId: 'fulfillment',
  reason: offset % 3 ? 'handler_failed' : 'invalid_data',
  error: `failed ${offset}`,
  attempts: 5,
  failedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, offset)),
  ...overrides,
});

describe('dead letters in the service database (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let store: DeadLetterStore;
  const all = { topics: ['orders.v1', 'fulfillment.v1'], groups: ['fulfillment'] };

  beforeAll(async () => {
    dataSource = await messagingDatabase('inventory_messaging_dead_letters_it');
    store = new DeadLetterStore(dataSource);
    for (let offset = 1; offset <= 12; offset++) await store.record(letter(offset));
    await store.record(letter(1, { groupId: 'reservation' }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('keeps one row per message and group: dead-lettered again, the row is updated', async () => {
    await store.record(letter(5, { error: 'failed again', attempts: 7 }));
    expect(await store.count(all)).toBe(12);
    const [five] = (await store.list(all, 100)).filter((l) => l.originalOffset === '5');
    expect(five).toMatchObject({ error: 'failed again', attempts: 7, key: 'order-5', eventId: 'e-5' });
  });

  it('keeps a hostile message whole: NUL bytes in its value, key, headers and error', async () => {
    const hostile = letter(99, {
      position: { topic: 'fulfillment.v1', partition: 0, offset: '99', key: 'k\u0000ey' },
      value: Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d]),
      headers: { 'event-id': 'e\u0000vil', 'x-\u0000': 'v\u0000' },
      error: 'Unexpected token \u0000 in JSON',
    });
    await store.record(hostile);
    const [stored] = await store.list({ ...all, topics: ['fulfillment.v1'] }, 1);
    expect(stored).toMatchObject({
      key: 'k\uFFFDey',
      eventId: 'e\uFFFDvil',
      error: 'Unexpected token \uFFFD in JSON',
    });
    const whole = await store.find(stored.id, ['fulfillment']);
    expect(whole?.headers).toEqual({ 'event-id': 'e\uFFFDvil', 'x-\uFFFD': 'v\uFFFD' });
    expect(whole?.value).toBe(hostile.value!.toString());
    await dataSource.query(`DELETE FROM dead_letters WHERE id = $1`, [stored.id]);
  });

  it('pages newest first, filtered, without reading everything', async () => {
    const first = await store.list(all, 5);
    expect(first.map((l) => l.originalOffset)).toEqual(['12', '11', '10', '9', '8']);
    const second = await store.list(all, 5, first.at(-1)!.id);
    expect(second.map((l) => l.originalOffset)).toEqual(['7', '6', '5', '4', '3']);
    expect(first[0].value!.length).toBe(4_000); // cut in lists
    const invalid = { ...all, reason: 'invalid_data' };
    expect((await store.list(invalid, 100)).map((l) => l.originalOffset)).toEqual(['12', '9', '6', '3']);
    expect(await store.count({ ...all, eventType: 'OrderPlaced' })).toBe(6);
    expect(await store.count({ ...all, topics: ['fulfillment.v1'] })).toBe(0);
    expect(await store.count({ ...all, groups: ['reservation'] })).toBe(1);
  });

  it('finds a letter whole for its re-drive, only within the groups given, and marks it', async () => {
    const [newest] = await store.list(all, 1);
    expect(await store.find(newest.id, ['reservation'])).toBeUndefined();
    const found = await store.find(newest.id, ['fulfillment']);
    expect(found?.value?.length).toBeGreaterThan(5_000);
    expect(found?.headers).toEqual({ 'event-id': 'e-12', 'event-type': 'OrderCanceled' });
    await store.markRedriven(newest.id);
    await store.markRedriven(newest.id);
    expect(await store.list({ ...all, redriven: true }, 10)).toEqual([
      expect.objectContaining({ id: newest.id, redriveCount: 2, redrivenAt: expect.any(String) }),
    ]);
    expect(await store.count({ ...all, redriven: false })).toBe(11);
  });
});
