import { evolveSku } from '../sku-state/sku-state';
import { Refusal } from '../streams/outcome';
import { givenConfiguration, givenSku, quantities } from '../testing/given';
import { WriterCommand, decideCommands } from './decide-commands';

const configuration = givenConfiguration();
const expiresAt = new Date('2026-11-23T12:15:00Z');
const order = (orderId: string, qty = 1): WriterCommand => ({
  kind: 'order',
  order: { orderId, salesChannel: 'base', items: [{ sku: 'A', qty }] },
});
const hold = (holdId: string, qty: number, salesChannel = 'base'): WriterCommand => ({
  kind: 'hold',
  hold: { holdId, salesChannel, items: [{ sku: 'A', qty }], expiresAt },
});
const named = (decisions: ReturnType<typeof decideCommands>) =>
  decisions.map((d) =>
    'refusal' in d
      ? d.refusal.constructor.name
      : (d.outcome.order?.events[0].type ?? d.outcome.hold?.events[0].type ?? 'nothing'),
  );

describe('decideCommands: a batch of orders and holds decided on one read', () => {
  it('lets each order see the ones before it, and decides a repeated order id once', () => {
    const skus = new Map([['A', givenSku('A', quantities({ default: 2 }))]]);
    const decided = decideCommands(
      ['o1', 'o2', 'o1', 'o3', 'o4'].map((id) => order(id)),
      {
        configuration,
        skus,
        decided: new Set(['o4']),
      },
    );
    expect(named(decided)).toEqual([
      'OrderReservationPlaced',
      'OrderReservationPlaced',
      'nothing',
      'OrderReservationRejected',
      'nothing',
    ]);
  });

  it('lets each hold see the units the ones before it took; a refused hold records nothing', () => {
    const fresh = givenSku('A', quantities({ default: 3 }));
    const decided = decideCommands([hold('h1', 2), hold('h2', 2), hold('h3', 1), hold('h4', 1, 'nowhere')], {
      configuration,
      skus: new Map([['A', fresh]]),
      decided: new Set(),
    });
    expect(named(decided)).toEqual(['HoldPlaced', 'HoldRefused', 'HoldPlaced', 'Refusal']);
    expect((decided[3] as { refusal: Refusal }).refusal.code).toBe('sales_channel_not_found');
    const taken = decided.flatMap((d) => ('outcome' in d ? d.outcome.skus.get('A')! : []));
    expect(taken.reduce(evolveSku, fresh).reserved[1]).toBe(-3);
  });

  it('orders and holds mixed take turns in the order they came, never more than there is', () => {
    const fresh = givenSku('A', quantities({ default: 4 }));
    const decided = decideCommands(
      [order('o1', 2), hold('h1', 1), order('o2', 2), hold('h2', 1), order('o3')],
      {
        configuration,
        skus: new Map([['A', fresh]]),
        decided: new Set(),
      },
    );
    expect(named(decided)).toEqual([
      'OrderReservationPlaced',
      'HoldPlaced',
      'OrderReservationRejected',
      'HoldPlaced',
      'OrderReservationRejected',
    ]);
    const taken = decided.flatMap((d) => ('outcome' in d ? (d.outcome.skus.get('A') ?? []) : []));
    expect(taken.reduce(evolveSku, fresh).reserved[1]).toBe(-4);
  });
});
