import { DataSource } from 'typeorm';
import { messagingDatabase } from '../testing/messaging-database';
import { claimNewer, claimOnce } from './applied-versions';

jest.setTimeout(60_000);

describe('applied versions (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await messagingDatabase('inventory_messaging_versions_it');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const claim = (keys: string[], version?: number, consumer = 'views') =>
    dataSource.transaction((tx) => claimNewer(tx, consumer, keys, version));

  it('applies a version once, never after a newer one, per key and per consumer', async () => {
    expect(await claim(['item:A:east', 'item:A:west'], 5)).toEqual(new Set(['item:A:east', 'item:A:west']));
    expect(await claim(['item:A:east'], 5)).toEqual(new Set());
    expect(await claim(['item:A:east', 'item:A:west'], 3)).toEqual(new Set());
    expect(await claim(['item:A:east', 'item:B:east'], 8)).toEqual(new Set(['item:A:east', 'item:B:east']));
    expect(await claim(['item:A:east'], 6, 'another consumer')).toEqual(new Set(['item:A:east']));
    // An event without a version predates the numbering: older than any numbered one.
    expect(await claim(['item:A:east', 'item:never-numbered'])).toEqual(new Set(['item:never-numbered']));
  });

  it('lets one of many concurrent claims of the same version win, and keeps the highest', async () => {
    const versions = Array.from({ length: 30 }, (_, index) => 100 + (index % 10));
    const results = await Promise.all(versions.map((version) => claim(['stock:7'], version)));
    const [{ version }] = await dataSource.query(
      `SELECT version FROM applied_versions WHERE consumer = 'views' AND entity_key = 'stock:7'`,
    );
    expect(Number(version)).toBe(109);
    expect(results.filter((won, index) => won.size && versions[index] === 109)).toHaveLength(1);
  });

  it('applies a document once, whatever event brings it', async () => {
    const once = () => dataSource.transaction((tx) => claimOnce(tx, 'catalog', 'shipment:s-1'));
    expect(await once()).toBe(true);
    expect(await once()).toBe(false);
  });
});
