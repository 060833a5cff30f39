import { SourceItemsSaved, StoredSettings } from '@inventory/contracts';
import {
  CHANNELS,
  InventoryModel,
  KIT_PARTS,
  ModelCommand,
  ModelSequence,
  SETTINGS_PRESETS,
  SKUS,
  SOURCES,
  held,
  isRefusal,
  modelSkuSettings,
} from '@inventory/testing';
import {
  decideCancel,
  decideCreditMemo,
  decideShipmentCreated,
  decideSourceItems,
} from '../compensation/decide-compensation';
import {
  Configuration,
  evolveConfiguration,
  initialConfiguration,
  liveStock,
} from '../configuration/configuration';
import { HoldRefused, HoldState, decideHold, evolveHold, releaseHoldEvents } from '../holds/hold-state';
import { decideOrder } from '../reserve-order/decide-order';
import { OrderDecision, evolveOrder, heldUnits } from '../reserve-order/order-decision';
import { standingIn } from '../sku-state/salable-quantity';
import { standingOf } from '../kits/kit-standing';
import { SkuState, evolveSku, initialSkuState } from '../sku-state/sku-state';
import { Outcome, Refusal } from '../streams/outcome';
import { ConfigurationEvent, SkuEvent } from '../streams/stream-events';

/**
 * The reservation service's pure deciders driven by the model check's commands, with no I/O: the
 * streams are maps folded with the same evolve functions, and what fulfillment and the catalog
 * would do (accept a shipment, publish quantities) is taken from the reference model. After each
 * command the salable quantities, each order line's held units and each SKU's reserved sums must
 * equal the model's.
 */
export class DeciderWorld {
  readonly model = new InventoryModel();
  private configuration: Configuration = initialConfiguration();
  private readonly skuStates = new Map<string, SkuState>();
  private readonly orders = new Map<string, OrderDecision>();
  private readonly holds = new Map<string, HoldState>();
  private readonly skus = Array.from({ length: SKUS }, (_, i) => `SKU${i}`);
  private readonly kit = 'KIT';
  private readonly sources = Array.from({ length: SOURCES }, (_, i) => `src${i}`);
  private readonly channels = Array.from({ length: CHANNELS }, (_, i) => `ch${i}`);
  private readonly stockIds = [10, 11];
  private readonly orderIds: string[] = [];
  private readonly holdIds: string[] = [];
  /** Every SourceItemsSaved the catalog published, to deliver an old one again. */
  private readonly published: SourceItemsSaved[] = [];
  private version = 0;
  private relinked = false;

  private sku(sku: string): SkuState {
    return this.skuStates.get(sku) ?? initialSkuState(sku);
  }

  private apply(outcome: Outcome): void {
    for (const [sku, events] of outcome.skus)
      this.skuStates.set(sku, events.reduce(evolveSku, this.sku(sku)));
    if (outcome.order) {
      const { orderId, events } = outcome.order;
      this.orders.set(
        orderId,
        events.reduce(
          (state: OrderDecision | undefined, e) => evolveOrder(state, e),
          this.orders.get(orderId),
        )!,
      );
    }
    if (outcome.hold) {
      const { holdId, events } = outcome.hold;
      const state = events.reduce(
        (hold: HoldState | undefined, e) => evolveHold(hold, e),
        this.holds.get(holdId),
      );
      if (state) this.holds.set(holdId, state);
    }
    for (const event of outcome.configuration ?? []) this.configure(event);
  }

  private configure(event: ConfigurationEvent): void {
    this.configuration = evolveConfiguration(this.configuration, event);
  }

  /** What the catalog publishes when a SKU's items change (versions rising, as the catalog's). */
  private catalogSaves(sku: string, extra: Partial<SourceItemsSaved> = {}): SourceItemsSaved {
    const event: SourceItemsSaved = {
      sku,
      items: this.sources
        .filter((code) => this.model.quantities.has(`${sku}/${code}`))
        .map((sourceCode) => ({
          sourceCode,
          quantity: this.model.quantities.get(`${sku}/${sourceCode}`)!,
          status: this.model.quantities.get(`${sku}/${sourceCode}`)! > 0 ? 'in_stock' : 'out_of_stock',
          notifyStockQty: null,
        })),
      reason: 'manual',
      version: ++this.version,
      ...extra,
    };
    this.published.push(event);
    return event;
  }

  private saveStock(index: number, links: string[], channel: string | null): void {
    const stockId = this.stockIds[index];
    this.configure({
      type: 'StockRecorded',
      data: { stockId, sourceCodes: links, salesChannels: channel ? [channel] : [], version: ++this.version },
    });
    this.model.saveStock(stockId, links, channel);
  }

  private productSettings(sku: string, settings: (typeof SETTINGS_PRESETS)[number]): void {
    const stored: StoredSettings = modelSkuSettings(settings);
    this.apply({
      skus: new Map([
        [
          sku,
          [
            {
              type: 'ProductSettingsRecorded',
              data: { settings: stored, version: ++this.version },
            } as SkuEvent,
          ],
        ],
      ]),
    });
    this.model.setSettings(sku, settings);
  }

  setUp(sequence: ModelSequence): void {
    for (const code of this.sources) this.model.sources.set(code, { enabled: true });
    for (const sku of [...this.skus, this.kit]) this.productSettings(sku, SETTINGS_PRESETS[0]);
    const components = KIT_PARTS.map((part) => ({ sku: this.skus[part.sku], qty: part.qty }));
    this.configure({ type: 'KitRecorded', data: { sku: this.kit, components, version: ++this.version } });
    this.model.defineKit(this.kit, new Map(components.map((part) => [part.sku, part.qty])));
    this.saveStock(0, this.sources, this.channels[0]);
    this.saveStock(1, [this.sources[1]], this.channels[1]);
    this.skus.forEach((sku, s) => {
      this.sources.forEach((code, c) => this.model.setQuantity(sku, code, sequence.quantities[s][c]));
      this.apply(decideSourceItems(this.catalogSaves(sku), this.sku(sku)));
    });
    this.check('set up');
  }

  /** An order line's or a cancel's SKU: index SKUS is the kit. */
  private lineSku(index: number): string {
    return index < SKUS ? this.skus[index] : this.kit;
  }

  private pickOrder(index: number) {
    return this.orderIds.length ? this.orderIds[index % this.orderIds.length] : undefined;
  }

  run(command: ModelCommand): void {
    this.step(command);
    this.check(JSON.stringify(command));
  }

  private step(command: ModelCommand): void {
    switch (command.kind) {
      case 'order':
      case 'resend': {
        const orderId = command.kind === 'order' ? `o${this.orderIds.length}` : this.pickOrder(command.order);
        if (!orderId) return;
        const known = this.model.orders.get(orderId);
        const channel = known?.channel ?? this.channels[(command as { channel: number }).channel];
        const items =
          command.kind === 'order'
            ? command.lines.map(({ sku, qty }) => ({ sku: this.lineSku(sku), qty }))
            : [...known!.lines].map(([sku, line]) => ({ sku, qty: line.ordered }));
        const expected = this.model.placeOrder(orderId, channel, items);
        if (command.kind === 'order') this.orderIds.push(orderId);
        const outcome = decideOrder(
          { orderId, salesChannel: channel, items },
          {
            configuration: this.configuration,
            skus: this.skuStates,
            alreadyDecided: this.orders.has(orderId),
          },
        );
        this.apply(outcome);
        const decided = this.orders.get(orderId)?.outcome === 'reserved' ? 'reserved' : 'rejected';
        if (decided !== expected) throw new Error(`${orderId}: decided ${decided}, the model ${expected}`);
        return;
      }
      case 'cancel': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const items = command.partial
          ? [{ sku: this.lineSku(command.partial.sku), qty: command.partial.qty }]
          : undefined;
        const expected = this.model.cancel(orderId, items);
        try {
          this.apply(
            decideCancel({ orderId, ...(items ? { items } : {}) }, { order: this.orders.get(orderId) }),
          );
          if (isRefusal(expected) && this.orders.get(orderId)?.outcome === 'reserved')
            throw new Error(`${orderId}: the cancel was accepted, the model refused it`);
        } catch (error) {
          if (!(error instanceof Refusal)) throw error;
          if (!isRefusal(expected))
            throw new Error(`${orderId}: the cancel was refused, the model accepted it`);
        }
        return;
      }
      case 'ship': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const items = command.parts.map(({ sku, source, qty }) => ({
          sku: this.skus[sku],
          sourceCode: this.sources[source],
          qty,
        }));
        if (
          isRefusal(
            this.model.ship(
              orderId,
              items.map(({ sku, sourceCode, qty }) => ({ sku, source: sourceCode, qty })),
            ),
          )
        )
          return; // fulfillment refuses it: nothing reaches the reservation service
        const shipmentId = `${orderId}-s${++this.version}`;
        this.apply(
          decideShipmentCreated({ shipmentId, orderId, items }, { order: this.orders.get(orderId) }),
        );
        for (const sku of new Set(items.map((item) => item.sku))) {
          const shippedQty = items
            .filter((item) => item.sku === sku)
            .reduce((total, item) => total + item.qty, 0);
          const deduction = this.catalogSaves(sku, { reason: 'shipment', shipmentId, orderId, shippedQty });
          this.apply(decideSourceItems(deduction, this.sku(sku), this.orders.get(orderId)));
        }
        return;
      }
      case 'refund': {
        const orderId = this.pickOrder(command.order);
        if (!orderId) return;
        const sku = this.skus[command.sku];
        const line = this.model.orders.get(orderId)!.lines.get(sku);
        const shippedLeft = line ? line.shipped - line.refundedShipped : 0;
        if (isRefusal(this.model.refund(orderId, sku, command.qty, command.returnToStock))) return;
        const shipped = Math.min(command.qty, shippedLeft);
        const lines = [
          ...(shipped ? [{ sku, qty: shipped, returnToStock: false, sourceCode: null, shipped: true }] : []),
          ...(command.qty > shipped
            ? [{ sku, qty: command.qty - shipped, returnToStock: false, sourceCode: null, shipped: false }]
            : []),
        ];
        const creditMemoId = `${orderId}-cm${++this.version}`;
        this.apply(
          decideCreditMemo({ creditMemoId, orderId, items: lines }, { order: this.orders.get(orderId) }),
        );
        if (command.returnToStock && shipped)
          this.apply(
            decideSourceItems(
              this.catalogSaves(sku, { reason: 'credit_memo', creditMemoId, orderId }),
              this.sku(sku),
            ),
          );
        return;
      }
      case 'hold':
      case 'expiringHold': {
        const sku = this.skus[command.sku];
        const units = new Map([[sku, command.qty]]);
        const channel = this.channels[command.channel];
        const expected = this.model.canHold(channel, units);
        const holdId = `h${this.holdIds.length}`;
        try {
          this.apply(
            decideHold(
              { holdId, salesChannel: channel, items: [{ sku, qty: command.qty }], expiresAt: new Date() },
              {
                configuration: this.configuration,
                skus: this.skuStates,
              },
            ),
          );
        } catch (error) {
          if (!(error instanceof HoldRefused) && !(error instanceof Refusal)) throw error;
          if (expected) throw new Error(`hold of ${command.qty} ${sku} refused, the model placed it`);
          return;
        }
        if (!expected) throw new Error(`hold of ${command.qty} ${sku} placed, the model refused it`);
        this.model.placeHold(holdId, channel, units);
        this.holdIds.push(holdId);
        if (command.kind === 'expiringHold') {
          this.apply(releaseHoldEvents(this.holds.get(holdId), 'expired') as Outcome);
          this.model.releaseHold(holdId);
        }
        return;
      }
      case 'releaseHold': {
        if (!this.holdIds.length) return;
        const holdId = this.holdIds[command.hold % this.holdIds.length];
        this.apply(releaseHoldEvents(this.holds.get(holdId), 'released') as Outcome);
        this.model.releaseHold(holdId);
        return;
      }
      case 'setQuantity': {
        const sku = this.skus[command.sku];
        this.model.setQuantity(sku, this.sources[command.source], command.qty);
        this.apply(decideSourceItems(this.catalogSaves(sku), this.sku(sku)));
        return;
      }
      case 'settings':
        return this.productSettings(this.skus[command.sku], SETTINGS_PRESETS[command.preset]);
      case 'toggleSource': {
        const code = this.sources[command.source];
        const enabled = !this.model.sources.get(code)!.enabled;
        this.configure({ type: 'SourceRecorded', data: { code, enabled, version: ++this.version } });
        this.model.setSourceEnabled(code, enabled);
        return;
      }
      case 'relink': {
        this.relinked = !this.relinked;
        const stock = this.model.stocks.get(this.stockIds[0])!;
        return this.saveStock(0, this.relinked ? [this.sources[0]] : this.sources, stock.channel);
      }
      case 'deleteStock': {
        const stockId = this.stockIds[1];
        if (this.model.stocks.get(stockId)!.deleted) return;
        this.saveStock(1, [this.sources[1]], null);
        this.configure({ type: 'StockRemoved', data: { stockId, version: ++this.version } });
        this.model.deleteStock(stockId);
        return;
      }
      case 'redeliver': {
        const sku = this.skus[command.sku];
        const old = this.published.find((event) => event.sku === sku && event.reason === 'manual');
        if (old) this.apply(decideSourceItems(old, this.sku(sku)));
        return;
      }
    }
  }

  /** Salable quantities, each order line's held units and each SKU's reserved sums, against the model. */
  private check(after: string): void {
    const problems: string[] = [];
    for (const stockId of this.stockIds) {
      if (!liveStock(this.configuration, stockId)) continue;
      const kitSalable = standingOf(this.kit, this.skuStates, this.configuration, stockId).salableQty;
      if (kitSalable !== this.model.salableQty(stockId, this.kit))
        problems.push(
          `salable of the kit in ${stockId}: ${kitSalable}, model ${this.model.salableQty(stockId, this.kit)}`,
        );
      for (const sku of this.skus) {
        const actual = standingIn(this.sku(sku), this.configuration, stockId).salableQty;
        const expected = this.model.salableQty(stockId, sku);
        if (actual !== expected) problems.push(`salable ${sku} in ${stockId}: ${actual}, model ${expected}`);
        const reserved = -(this.sku(sku).reserved[stockId] ?? 0);
        if (reserved !== this.model.reservedIn(stockId, sku))
          problems.push(
            `reserved ${sku} in ${stockId}: ${reserved}, model ${this.model.reservedIn(stockId, sku)}`,
          );
      }
    }
    for (const [orderId, order] of this.orders) {
      if (order.outcome !== 'reserved') continue;
      for (const [sku, line] of Object.entries(order.lines)) {
        const expected = held(this.model.orders.get(orderId)!.lines.get(sku)!);
        if (heldUnits(line) !== expected)
          problems.push(`${orderId} ${sku} holds ${heldUnits(line)}, model ${expected}`);
      }
    }
    if (problems.length) throw new Error(`after ${after}: ${problems.join('; ')}`);
  }
}
