import { randomUUID } from 'node:crypto';
import { IntegrationEvent, TOPICS, createEvent } from '@inventory/contracts';
import { KafkaTestClient, ServiceProcess, waitFor } from '@inventory/testing';
import { orderPlaced } from './fixtures';
import { getJson } from './http';
import { testServiceProcess } from './system';

jest.setTimeout(180_000);

const INSTANCES = 3;
const UNITS = 50;
const ORDERS = 200;

/**
 * The no-oversell invariant under concurrency: three instances of the reservation service share the
 * consumer group, so orders for one SKU arrive on different partitions at different instances at
 * once, and every instance appends to the same SKU stream. Optimistic concurrency must let exactly
 * the salable units through.
 */
describe('no oversell: 200 concurrent orders for 50 units across 3 reservation instances', () => {
  const runId = randomUUID().slice(0, 8);
  const sku = `FLASH-${runId}`;
  const kafka = new KafkaTestClient();
  const instances: ServiceProcess[] = Array.from({ length: INSTANCES }, (_, i) =>
    testServiceProcess('reservation', 3112 + 10 * i, runId),
  );

  beforeAll(async () => {
    await kafka.watch([TOPICS.reservations]);
    await instances[0].start(); // migrates the database alone
    await Promise.all(instances.slice(1).map((instance) => instance.start()));
  });

  afterAll(async () => {
    await kafka.close();
    await Promise.all(instances.map((instance) => instance.stop()));
  });

  it('accepts exactly 50, rejects 150, each order decided once, salable 0', async () => {
    const quantity = createEvent(
      'SourceItemsSaved',
      {
        sku,
        items: [{ sourceCode: 'default', quantity: UNITS, status: 'in_stock', notifyStockQty: null }],
        reason: 'manual',
      },
      { source: 'catalog-inventory' },
    );
    await kafka.publish(quantity, sku);
    await waitFor(
      async () =>
        (await getJson(`${instances[1].url}/stocks/1/skus/${sku}/salable`)).body.salableQty === UNITS
          ? true
          : undefined,
      { what: `salable ${UNITS}` },
    );

    const orderIds = Array.from({ length: ORDERS }, (_, i) => `flash-${runId}-${i}`);
    await Promise.all(orderIds.map((orderId) => kafka.publish(orderPlaced(orderId, sku, 1), orderId)));

    const mine = new Set(orderIds);
    const outcomes = () =>
      [...kafka.eventsOf('OrderReservationPlaced'), ...kafka.eventsOf('OrderReservationRejected')].filter(
        (event: IntegrationEvent & { data: { orderId: string } }) => mine.has(event.data.orderId),
      );
    await waitFor(async () => (outcomes().length >= ORDERS ? true : undefined), {
      what: `${ORDERS} reservation outcomes`,
      timeoutMs: 90_000,
    });

    const decided = outcomes();
    const accepted = decided.filter((event) => event.type === 'OrderReservationPlaced');
    expect(accepted).toHaveLength(UNITS);
    expect(decided.length - accepted.length).toBe(ORDERS - UNITS);
    expect(new Set(decided.map((event) => event.data.orderId)).size).toBe(ORDERS); // one outcome each

    for (const instance of instances) {
      await waitFor(
        async () => {
          const { body } = await getJson(`${instance.url}/stocks/1/skus/${sku}/salable`);
          return body.salableQty === 0 && body.isSalable === false ? true : undefined;
        },
        { what: `salable 0 at ${instance.url}` },
      );
    }
  });
});
