import { EventData, EventOf, createEvent } from '@inventory/contracts';
import { decideConfiguration } from '../catalog-inputs/decide-configuration';
import { standingIn } from '../sku-state/salable-quantity';
import { evolveSku } from '../sku-state/sku-state';
import { ConfigurationEvent, SkuEvent } from '../streams/stream-events';
import { givenConfiguration, givenSku, quantities, reserved, stock } from '../testing/given';
import { Configuration, evolveConfiguration, liveStock, stockOfChannel } from './configuration';

const catalog = <T extends 'SourceSaved' | 'StockDeleted' | 'StockSaved'>(type: T, data: EventData<T>) =>
  createEvent(type, data, { source: 'catalog-inventory' }) as EventOf<T>;
/** The catalog event decided and folded, as the handler and the projection do. */
const record = (state: Configuration, input: Parameters<typeof decideConfiguration>[0]) =>
  decideConfiguration(input).reduce(evolveConfiguration, state);
const source = (code: string, enabled: boolean, version?: number) =>
  catalog('SourceSaved', { code, name: code, enabled, ...(version ? { version } : {}) });

describe('the configuration stream', () => {
  it('records a SourceSaved that changes nothing, so a delivery of it again is recognised by its id', () => {
    expect(decideConfiguration(source('east', true, 3))).toEqual([
      { type: 'SourceRecorded', data: { code: 'east', enabled: true, version: 3 } },
    ]);
    expect(decideConfiguration(catalog('StockDeleted', { stockId: 9 }))).toHaveLength(1);
  });

  it('ignores an older catalog event recorded after a newer one (a re-drive flips nothing back)', () => {
    const disabled = record(record(givenConfiguration(), source('east', true, 3)), source('east', false, 5));
    expect(disabled.disabledSources).toEqual(['east']);
    expect(record(disabled, source('east', true, 3)).disabledSources).toEqual(['east']);
    expect(record(disabled, source('east', true, 6)).disabledSources).toEqual([]);

    const saved = catalog('StockSaved', {
      stockId: 2,
      name: 'Two',
      sourceLinks: [{ sourceCode: 'east', priority: 1 }],
      salesChannels: ['us'],
      version: 7,
    });
    const deleted = record(
      record(givenConfiguration(), saved),
      catalog('StockDeleted', { stockId: 2, version: 9 }),
    );
    // The older StockSaved re-driven after the delete does not bring the stock back to sell.
    expect(stockOfChannel(record(deleted, saved), 'us')).toBeUndefined();
  });

  it("keeps a deleted stock's links as former sources, where its open reservations still count", () => {
    const shared = givenConfiguration(stock(1, ['shared'], ['base']), stock(2, ['shared'], ['us']));
    const deleted = evolveConfiguration(shared, { type: 'StockRemoved', data: { stockId: 2 } });
    expect(liveStock(deleted, 2)).toBeUndefined();
    expect(deleted.stocks[2]).toEqual({
      sourceCodes: [],
      salesChannels: [],
      formerSourceCodes: ['shared'],
      removed: true,
    });
    // Stock 2 still holds 6 of the 10 on `shared`: stock 1 may sell 4, not 10 (the oversell).
    const sku = givenSku('A', quantities({ shared: 10 }), reserved('o2', 6, 2));
    expect(standingIn(sku, deleted, 1).salableQty).toBe(4);
    expect(standingIn(sku, deleted, 2)).toMatchObject({ assigned: false, salableQty: 0 });
  });

  it('keeps counting reservations on a source unlinked from their stock, which no longer sells from it', () => {
    const linked = givenConfiguration(stock(1, ['a'], ['base']), stock(2, ['a', 'b'], ['us']));
    const unlinked = evolveConfiguration(linked, stock(2, ['b'], ['us']) as ConfigurationEvent);
    expect(unlinked.stocks[2].formerSourceCodes).toEqual(['a']);
    // Stock 2 holds 5, which may still come from a: it sells b's 3 anew, and stock 1 keeps 8 of a.
    const sku = givenSku('A', quantities({ a: 10, b: 3 }), reserved('o2', 5, 2));
    expect(standingIn(sku, unlinked, 2).salableQty).toBe(3);
    expect(standingIn(sku, unlinked, 1).salableQty).toBe(8);
    // Before this change, the unlink forgot them on a: stock 1 was told all 10.
    const forgotten = givenConfiguration(stock(1, ['a'], ['base']), stock(2, ['b'], ['us']));
    expect(standingIn(sku, forgotten, 1).salableQty).toBe(10);
    // Linked again: no longer former.
    expect(
      evolveConfiguration(unlinked, stock(2, ['a', 'b'], ['us']) as ConfigurationEvent).stocks[2],
    ).toEqual({
      sourceCodes: ['a', 'b'],
      salesChannels: ['us'],
    });
  });
});

describe('a SKU stream with catalog versions', () => {
  const saved = (quantity: number, version: number): SkuEvent => ({
    type: 'SourceItemsRecorded',
    data: { items: [{ sourceCode: 'east', quantity, status: 'in_stock' }], reason: 'manual', version },
  });

  it('keeps the newest quantity whatever order the saves are recorded in', () => {
    expect(givenSku('A', saved(5, 2), saved(9, 4)).sources.east.quantity).toBe(9);
    expect(givenSku('A', saved(9, 4), saved(5, 2)).sources.east.quantity).toBe(9);
  });

  it('does not bring back a removed source item with an older save', () => {
    const removed = givenSku('A', saved(9, 4), {
      type: 'SourceItemsRemoved',
      data: { sourceCodes: ['east'], version: 6 },
    });
    expect(evolveSku(removed, saved(9, 4)).sources.east).toBeUndefined();
    expect(evolveSku(removed, saved(1, 7)).sources.east.quantity).toBe(1);
  });
});
