import { EventOf, IntegrationEvent, TOPICS, createEvent } from '@inventory/contracts';
import {
  CHANNELS,
  KIT_PARTS,
  InventoryModel,
  KafkaTestClient,
  ModelCommand,
  ModelSequence,
  SETTINGS_PRESETS,
  SKUS,
  SOURCES,
  held,
  isRefusal,
  modelSkuSettings,
  refunded,
  toShip,
  waitFor,
  waitForEqual,
} from '@inventory/testing';
import { getJson, sendJson } from '../http';
import { RunningSystem } from '../system';
import { ConsumedBarrier } from './consumed-barrier';
import { EventIndex } from './event-index';

/**
 * One small world (two sources, two stocks sharing one, two SKUs, its own channels) driven through
 * the running services and through the reference model side by side. Each command's answer is
 * compared at once (reserved or rejected, shipped or refused); then everything the merchant can
 * read (salable quantity per stock and SKU, the catalog's quantities, fulfillment's order lines and
 * what the reservation service gave back) must come to equal the model before the next command.
 */
/** What of a fulfillment order line the model says (in this order, as `expected` builds them). */
const LINE_FIELDS = [
  'sku',
  'ordered',
  'reserved',
  'shipped',
  'canceled',
  'refunded',
  'refundedUnshipped',
  'toShip',
];

export class ModelWorld {
  readonly model = new InventoryModel();
  readonly log: string[] = [];
  private readonly name: string;
  private readonly skus: string[];
  /** The world's kit (KIT_PARTS of its SKUs): ordered and canceled, never stocked. */
  private readonly kit: string;
  private readonly sources: string[];
  private readonly channels: string[];
  private readonly stockIds: number[];
  private readonly orderIds: string[] = [];
  private readonly holdIds: string[] = [];
  private relinked = false;

  constructor(
    private readonly system: RunningSystem,
    private readonly kafka: KafkaTestClient,
    private readonly events: EventIndex,
    private readonly consumed: ConsumedBarrier,
    prefix: string,
    index: number,
    stockBase: number,
  ) {
    this.name = `${prefix}${index}`;
    this.skus = Array.from({ length: SKUS }, (_, i) => `${this.name}-sku${i}`);
    this.kit = `${this.name}-kit`;
    this.sources = Array.from({ length: SOURCES }, (_, i) => `${this.name}-src${i}`);
    this.channels = Array.from({ length: CHANNELS }, (_, i) => `${this.name}-ch${i}`);
    this.stockIds = [stockBase + 2 * index, stockBase + 2 * index + 1];
  }

  private url(service: Parameters<RunningSystem['url']>[0], path: string) {
    return `${this.system.url(service)}${path}`;
  }

  private async expectStatus(
    what: string,
    answer: Promise<{ status: number; body: unknown }>,
    ...ok: number[]
  ) {
    const { status, body } = await answer;
    if (!ok.includes(status)) throw new Error(`${what}: answered ${status} ${JSON.stringify(body)}`);
    return body;
  }

  /**
   * A change through the catalog's routes, then the wait until its event (the next one of that key)
   * is out of the outbox and every consumer group has handled it: the next command sees it everywhere.
   */
  private async catalog(key: string, method: 'PUT' | 'POST' | 'DELETE', path: string, body?: object) {
    const before = this.events.lastCatalogMessage.get(key)?.offset;
    const answer = await sendJson(method, this.url('catalog-inventory', path), body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: answered ${answer.status} ${JSON.stringify(answer.body)}`);
    const published = await waitFor(
      () => {
        const last = this.events.lastCatalogMessage.get(key);
        return last && last.offset !== before ? last : undefined;
      },
      { what: `the catalog's event of ${key}`, intervalMs: 20 },
    );
    await this.consumed.passed({ topic: TOPICS.catalog, ...published });
  }

  /** An event published as an upstream system would, then the wait until every group handled it. */
  private async publish(event: IntegrationEvent, key: string): Promise<void> {
    const landed = await this.kafka.publish(event, key);
    await this.consumed.passed({
      topic: event.type === 'SourceItemsSaved' ? TOPICS.catalog : TOPICS.orders,
      ...landed,
    });
  }

  /** Stock 0 sells from both sources, stock 1 from the second only (shared). */
  async setUp(sequence: ModelSequence): Promise<void> {
    for (const code of this.sources) {
      await this.catalog(code, 'PUT', `/sources/${code}`, { name: code, enabled: true });
      this.model.sources.set(code, { enabled: true });
    }
    for (const sku of [...this.skus, this.kit]) {
      await this.catalog(sku, 'PUT', `/products/${sku}/settings`, modelSkuSettings(SETTINGS_PRESETS[0]));
      this.model.setSettings(sku, SETTINGS_PRESETS[0]);
    }
    const components = KIT_PARTS.map((part) => ({ sku: this.skus[part.sku], qty: part.qty }));
    await this.catalog(this.kit, 'PUT', `/products/${this.kit}/components`, { components });
    this.model.defineKit(this.kit, new Map(components.map((part) => [part.sku, part.qty])));
    await this.saveStock(0, this.sources, this.channels[0]);
    await this.saveStock(1, [this.sources[1]], this.channels[1]);
    for (const [s, sku] of this.skus.entries()) {
      const items = this.sources.map((sourceCode, c) => ({
        sku,
        sourceCode,
        quantity: sequence.quantities[s][c],
        status: 'in_stock',
      }));
      await this.catalog(sku, 'POST', '/source-items', { items });
      for (const item of items) this.model.setQuantity(sku, item.sourceCode, item.quantity);
    }
    await this.settle('the world set up');
  }

  private async saveStock(index: number, links: string[], channel: string | null): Promise<void> {
    const stockId = this.stockIds[index];
    await this.catalog(String(stockId), 'PUT', `/stocks/${stockId}`, {
      name: `${this.name} ${index}`,
      sourceLinks: links.map((sourceCode, priority) => ({ sourceCode, priority })),
      salesChannels: channel ? [channel] : [],
    });
    this.model.saveStock(stockId, links, channel);
  }

  /** An order line's or a cancel's SKU: index SKUS is the kit. */
  private lineSku(index: number): string {
    return index < SKUS ? this.skus[index] : this.kit;
  }

  private pickOrder(index: number): string | undefined {
    return this.orderIds.length ? this.orderIds[index % this.orderIds.length] : undefined;
  }

  async run(command: ModelCommand): Promise<void> {
    this.log.push(JSON.stringify(command));
    switch (command.kind) {
      case 'order':
        return this.order(command.channel, command.lines);
      case 'resend': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const order = this.model.orders.get(orderId)!;
        const items = [...order.lines].map(([sku, line]) => ({ sku, qty: line.ordered }));
        await this.publish(this.orderPlaced(orderId, order.channel, items), orderId);
        return this.settle(`re-sent ${orderId}`);
      }
      case 'cancel': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const items = command.partial
          ? [{ sku: this.lineSku(command.partial.sku), qty: command.partial.qty }]
          : undefined;
        this.model.cancel(orderId, items);
        const event = createEvent(
          'OrderCanceled',
          { orderId, ...(items ? { items } : {}) },
          { source: 'order-system' },
        );
        await this.publish(event as IntegrationEvent, orderId);
        return this.settle(`canceled ${orderId}`);
      }
      case 'ship': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const items = command.parts.map(({ sku, source, qty }) => ({
          sku: this.skus[sku],
          source: this.sources[source],
          qty,
        }));
        const expected = this.model.ship(orderId, items);
        const answer = await sendJson('POST', this.url('fulfillment', '/shipments'), {
          orderId,
          items: items.map(({ sku, source, qty }) => ({ sku, sourceCode: source, qty })),
        });
        this.compare(`shipment of ${orderId}`, isRefusal(expected) ? 409 : 201, answer);
        return this.settle(`shipped ${orderId}`);
      }
      case 'refund': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const sku = this.skus[command.sku];
        const expected = this.model.refund(orderId, sku, command.qty, command.returnToStock);
        const answer = await sendJson('POST', this.url('fulfillment', '/credit-memos'), {
          orderId,
          items: [{ sku, qty: command.qty, returnToStock: command.returnToStock }],
        });
        // A SKU not on the order is a 409 too (the refusal names it).
        this.compare(`credit memo of ${orderId}`, isRefusal(expected) ? 409 : 201, answer);
        return this.settle(`refunded ${orderId}`);
      }
      case 'hold':
      case 'expiringHold': {
        const sku = this.skus[command.sku];
        const units = new Map([[sku, command.qty]]);
        const channel = this.channels[command.channel];
        const expected = this.model.canHold(channel, units);
        const answer = await sendJson('POST', this.url('reservation', '/holds'), {
          salesChannel: channel,
          items: [{ sku, qty: command.qty }],
          ttlSeconds: command.kind === 'hold' ? 3_600 : 1,
        });
        this.compare(`a hold of ${command.qty} ${sku}`, expected ? 201 : 409, answer, 404);
        if (!expected) return this.settle(`a hold refused`);
        const { holdId } = answer.body as { holdId: string };
        this.model.placeHold(holdId, channel, units);
        this.holdIds.push(holdId);
        if (command.kind === 'expiringHold') {
          await waitFor(
            async () => {
              const { body } = await getJson(this.url('reservation', `/holds/${holdId}`));
              return body?.releasedBecause === 'expired' ? true : undefined;
            },
            { what: `hold ${holdId} expired by the service`, timeoutMs: 20_000, intervalMs: 200 },
          );
          this.model.releaseHold(holdId);
        }
        return this.settle(`hold ${holdId}`);
      }
      case 'releaseHold': {
        if (!this.holdIds.length) return;
        const holdId = this.holdIds[command.hold % this.holdIds.length];
        await this.expectStatus(
          `release ${holdId}`,
          sendJson('DELETE', this.url('reservation', `/holds/${holdId}`)),
          200,
        );
        this.model.releaseHold(holdId);
        return this.settle(`released ${holdId}`);
      }
      case 'setQuantity':
        return this.setQuantity(this.skus[command.sku], this.sources[command.source], command.qty);
      case 'settings': {
        const sku = this.skus[command.sku];
        const preset = SETTINGS_PRESETS[command.preset];
        await this.catalog(sku, 'PUT', `/products/${sku}/settings`, preset);
        this.model.setSettings(sku, preset);
        return this.settle(`settings of ${sku}`);
      }
      case 'toggleSource': {
        const code = this.sources[command.source];
        const enabled = !this.model.sources.get(code)!.enabled;
        await this.catalog(code, 'PUT', `/sources/${code}`, { name: code, enabled });
        this.model.setSourceEnabled(code, enabled);
        return this.settle(`source ${code} ${enabled ? 'enabled' : 'disabled'}`);
      }
      case 'relink': {
        const stock = this.model.stocks.get(this.stockIds[0])!;
        this.relinked = !this.relinked;
        await this.saveStock(0, this.relinked ? [this.sources[0]] : this.sources, stock.channel);
        return this.settle(
          `stock 0 ${this.relinked ? 'unlinked from' : 'linked again to'} the shared source`,
        );
      }
      case 'deleteStock': {
        const stockId = this.stockIds[1];
        if (this.model.stocks.get(stockId)!.deleted) return;
        await this.saveStock(1, [this.sources[1]], null);
        await this.catalog(String(stockId), 'DELETE', `/stocks/${stockId}`);
        this.model.deleteStock(stockId);
        return this.settle(`stock 1 deleted`);
      }
      case 'redeliver':
        return this.redeliver(command);
    }
  }

  private orderPlaced(orderId: string, channel: string, items: readonly { sku: string; qty: number }[]) {
    return createEvent(
      'OrderPlaced',
      { orderId, salesChannel: channel, items: [...items], placedAt: new Date().toISOString() },
      { source: 'order-system' },
    ) as IntegrationEvent;
  }

  private async order(channel: number, lines: readonly { sku: number; qty: number }[]): Promise<void> {
    const orderId = `${this.name}-order${this.orderIds.length}`;
    const items = lines.map(({ sku, qty }) => ({ sku: this.lineSku(sku), qty }));
    const expected = this.model.placeOrder(orderId, this.channels[channel], items);
    this.orderIds.push(orderId);
    await this.publish(this.orderPlaced(orderId, this.channels[channel], items), orderId);
    const decided = await waitFor(() => this.events.decisions.get(orderId), {
      what: `the decision on ${orderId}`,
    });
    if (decided !== expected)
      throw new Error(`order ${orderId}: the service ${decided} it, the model ${expected} it`);
    return this.settle(`order ${orderId} ${decided}`);
  }

  private async setQuantity(sku: string, source: string, qty: number): Promise<void> {
    await this.catalog(sku, 'POST', '/source-items', {
      items: [{ sku, sourceCode: source, quantity: qty, status: 'in_stock' }],
    });
    this.model.setQuantity(sku, source, qty);
    return this.settle(`${sku} at ${source} set to ${qty}`);
  }

  /**
   * An older SourceItemsSaved of the SKU delivered again (same event id: a redelivery) or re-driven
   * (a new id: an old version), then a change of the SKU's other source behind it on the partition:
   * once that shows, the old one was handled, and must have changed nothing.
   */
  private async redeliver(command: Extract<ModelCommand, { kind: 'redeliver' }>): Promise<void> {
    const sku = this.skus[command.sku];
    const source = this.sources[command.source];
    const old = (this.events.sourceItemsSaved.get(sku) ?? []).find((event) =>
      event.data.items.some((item) => item.sourceCode === source),
    );
    if (!old) return;
    const again: EventOf<'SourceItemsSaved'> = command.newId
      ? (createEvent('SourceItemsSaved', old.data, {
          source: 'catalog-inventory',
        }) as EventOf<'SourceItemsSaved'>)
      : old;
    await this.publish(again as IntegrationEvent, sku);
    const other = this.sources[(command.source + 1) % SOURCES];
    const current = this.model.quantities.get(`${sku}/${other}`) ?? 0;
    await this.setQuantity(sku, other, command.qty === current ? (current + 1) % 10 : command.qty);
  }

  private compare(
    what: string,
    expected: number,
    answer: { status: number; body: unknown },
    ...alsoRefusals: number[]
  ) {
    const refused = answer.status === 409 || alsoRefusals.includes(answer.status);
    const ok = expected === 409 ? refused : answer.status === expected;
    if (!ok)
      throw new Error(
        `${what}: the model expects ${expected}, the service answered ${answer.status} ${JSON.stringify(answer.body)}`,
      );
  }

  /** What the merchant can read, as the model says it should be. */
  private expected() {
    // A deleted stock answers 404 (it sells nothing); its reservations count in the others'.
    const salable = this.stockIds.flatMap((stockId) =>
      [...this.skus, this.kit].map((sku) => ({
        stockId,
        sku,
        salableQty: this.model.stocks.get(stockId)!.deleted ? 'deleted' : this.model.salableQty(stockId, sku),
      })),
    );
    const quantities = this.skus.map((sku) => ({
      sku,
      items: this.sources
        .filter((code) => this.model.quantities.has(`${sku}/${code}`))
        .map((code) => ({ sourceCode: code, quantity: this.model.quantities.get(`${sku}/${code}`) })),
    }));
    const orders = this.orderIds.map((orderId) => {
      const order = this.model.orders.get(orderId)!;
      const reserved = order.stockId !== null;
      return {
        orderId,
        reservationStatus: reserved ? 'reserved' : 'rejected',
        canceled: order.canceled,
        items: [...order.lines]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([sku, line]) => ({
            sku,
            ordered: line.ordered,
            reserved: reserved ? held(line) : 0,
            shipped: line.shipped,
            canceled: line.canceled,
            refunded: refunded(line),
            refundedUnshipped: line.refundedUnshipped,
            toShip: toShip(line),
          })),
      };
    });
    return { salable, quantities, orders };
  }

  /** The same, read from the services. */
  private async observed() {
    const salable = await Promise.all(
      this.stockIds.flatMap((stockId) =>
        [...this.skus, this.kit].map(async (sku) => {
          const { status, body } = await getJson(
            this.url('reservation', `/stocks/${stockId}/skus/${sku}/salable`),
          );
          return { stockId, sku, salableQty: status === 404 ? 'deleted' : body.salableQty };
        }),
      ),
    );
    const quantities = await Promise.all(
      this.skus.map(async (sku) => {
        const { body } = await getJson(this.url('catalog-inventory', `/source-items?sku=${sku}`));
        const items = (body.items as { sourceCode: string; quantity: number }[])
          .filter((item) => this.sources.includes(item.sourceCode))
          .sort((a, b) => a.sourceCode.localeCompare(b.sourceCode))
          .map(({ sourceCode, quantity }) => ({ sourceCode, quantity }));
        return { sku, items };
      }),
    );
    const orders = await Promise.all(
      this.orderIds.map(async (orderId) => {
        const { body } = await getJson(this.url('fulfillment', `/orders/${orderId}`));
        return {
          orderId,
          reservationStatus: body.reservationStatus,
          canceled: body.canceled,
          items: (body.items ?? []).map((line: Record<string, unknown>) =>
            Object.fromEntries(LINE_FIELDS.map((field) => [field, line[field]])),
          ),
        };
      }),
    );
    return { salable, quantities, orders };
  }

  /** Waits for the services to agree with the model; says what differs when they do not. */
  async settle(after: string): Promise<void> {
    // Compared as JSON: what the services answer against what the model says they should.
    await waitForEqual<unknown>(
      () => this.observed(),
      this.expected(),
      `the services to agree with the model after ${after}`,
    );
  }

  /**
   * Its stocks deleted once the world is checked (their channels moved away first), so the suites
   * after it do not page through hundreds of stocks: the console's grid has a column per stock.
   */
  async tearDown(): Promise<void> {
    for (const [index, stockId] of this.stockIds.entries()) {
      if (this.model.stocks.get(stockId)!.deleted) continue;
      await this.saveStock(index, this.model.stocks.get(stockId)!.links, null);
      await this.catalog(String(stockId), 'DELETE', `/stocks/${stockId}`);
    }
  }

  /** Every reserved order's units were given back exactly once: released = ordered − held. */
  async checkCompensations(): Promise<void> {
    const expected = this.orderIds
      .filter((orderId) => this.model.orders.get(orderId)!.stockId !== null)
      .map((orderId) => {
        const lines = [...this.model.orders.get(orderId)!.lines.values()];
        return { orderId, released: lines.reduce((total, line) => total + line.ordered - held(line), 0) };
      });
    const observed = async () =>
      expected.map(({ orderId }) => ({ orderId, released: this.events.released.get(orderId) ?? 0 }));
    await waitForEqual(observed, expected, 'every reservation compensated exactly once', 10_000);
  }
}
