/**
 * A plain reference model of the platform's rules, kept apart from the services' code on purpose:
 * whole units, maps, and the formulas as a merchant reads them (salable quantity, the shared-source
 * rule by enumerating sets of stocks, the order-line lifecycle unit by unit). The model check
 * drives random commands through the real services and through this model and compares.
 *
 * One model is one merchant's small world: a few sources, a few stocks, a few SKUs; whole units
 * only; every SKU's settings set explicitly (so global settings do not matter).
 */

export type Backorders = 'none' | 'allow';

export interface SkuSettings {
  readonly backorders: Backorders;
  /** The Out-of-Stock Threshold; below zero only with backorders. */
  readonly minQty: number;
}

export interface ModelStock {
  readonly id: number;
  /** Its sales channel; null once it was moved away (a stock is deleted after that). */
  channel: string | null;
  links: string[];
  /** Sources unlinked (or all of a deleted stock's): its reservations may still be served there. */
  former: string[];
  /** When each former source was unlinked (the model's clock): orders placed before may ship from it. */
  unlinkedAt?: Map<string, number>;
  deleted: boolean;
}

export interface ModelLine {
  ordered: number;
  /** Shipped (and deducted: the model waits for every effect before the next command). */
  shipped: number;
  canceled: number;
  refundedShipped: number;
  refundedUnshipped: number;
}

export interface ModelOrder {
  readonly orderId: string;
  readonly channel: string;
  /** When it was placed (the model's clock). */
  readonly placedAt: number;
  /** The stock that reserved it; null when it was rejected. */
  readonly stockId: number | null;
  /** Per stocked SKU; a rejected order keeps its lines as ordered (kits not taken apart). */
  readonly lines: Map<string, ModelLine>;
  /** The kits a reserved order took apart into its lines, by kit SKU: units of each component. */
  readonly kits: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Whole-order cancel received (fulfillment refuses shipments after it). */
  canceled: boolean;
  /**
   * Units shipped per SKU and source, and how many went back there; `first` numbers the shipment
   * that first shipped from there (returns go to the earliest first, then by source code).
   */
  readonly shippedFrom: { sku: string; source: string; units: number; returned: number; first: number }[];
  shipments: number;
}

export interface ModelHold {
  readonly holdId: string;
  readonly stockId: number;
  readonly units: Map<string, number>;
  open: boolean;
}

export type Refusal = { readonly refused: string };
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refused' in value;

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

export const toShip = (line: ModelLine) =>
  Math.max(0, line.ordered - line.shipped - line.canceled - line.refundedUnshipped);
export const refunded = (line: ModelLine) => line.refundedShipped + line.refundedUnshipped;
/** What the reservation service holds for a line once every effect has happened. */
export const held = (line: ModelLine) => toShip(line);

export class InventoryModel {
  /** Ticks with every order placed and every unlink, to say which came first. */
  private clock = 0;
  readonly sources = new Map<string, { enabled: boolean }>();
  /** Quantity per `${sku}/${source}` (an item exists once it was saved). */
  readonly quantities = new Map<string, number>();
  readonly settings = new Map<string, SkuSettings>();
  readonly stocks = new Map<number, ModelStock>();
  readonly orders = new Map<string, ModelOrder>();
  readonly holds = new Map<string, ModelHold>();
  /** Kit SKU → units of each component in one kit. */
  readonly kits = new Map<string, Map<string, number>>();

  defineKit(sku: string, components: ReadonlyMap<string, number>): void {
    this.kits.set(sku, new Map(components));
  }

  /** Units per SKU the lines take: a kit line is its components' units (only when `kits` know it). */
  unitsOf(
    items: readonly { sku: string; qty: number }[],
    kits: ReadonlyMap<string, ReadonlyMap<string, number>> = this.kits,
  ): Map<string, number> {
    const units = new Map<string, number>();
    for (const { sku, qty } of items) {
      const parts = kits.get(sku) ?? new Map([[sku, 1]]);
      for (const [part, perKit] of parts) units.set(part, (units.get(part) ?? 0) + qty * perKit);
    }
    return units;
  }

  // ---- what the merchant sees ------------------------------------------------------------

  /** Units reserved per stock for a SKU: open order lines and open holds. */
  reservedIn(stockId: number, sku: string): number {
    let units = 0;
    for (const order of this.orders.values())
      if (order.stockId === stockId) units += order.lines.get(sku) ? held(order.lines.get(sku)!) : 0;
    for (const hold of this.holds.values())
      if (hold.open && hold.stockId === stockId) units += hold.units.get(sku) ?? 0;
    return units;
  }

  /** A source's sellable units of a SKU: enabled and holding some. */
  supply(sku: string, source: string): number {
    if (!this.sources.get(source)?.enabled) return 0;
    return Math.max(0, this.quantities.get(`${sku}/${source}`) ?? 0);
  }

  /**
   * The shared-source rule, by enumeration: the largest q stock S can take such that for every set
   * of demands containing S's new units, the sources they may draw on cover them. A stock's open
   * reservations may draw on its links and former links; S's new units only on its links.
   */
  servable(stockId: number, sku: string): number {
    const stock = this.stocks.get(stockId)!;
    const drawsOn = (s: ModelStock) => [...s.links, ...s.former];
    // The stocks connected to S through sources, as the service computes them.
    const component = new Set([stockId]);
    for (let grew = true; grew;) {
      grew = false;
      const reach = new Set([...component].flatMap((id) => drawsOn(this.stocks.get(id)!)));
      for (const other of this.stocks.values()) {
        if (!component.has(other.id) && drawsOn(other).some((code) => reach.has(code))) {
          component.add(other.id);
          grew = true;
        }
      }
    }
    // Who competes with S's new units: the reservations of other stocks, and S's own when they may
    // draw on sources it no longer sells from (else they are always counted against it).
    const own = this.reservedIn(stockId, sku);
    const ownCompetes = own > 0 && stock.former.length > 0;
    const demands = [...component]
      .filter((id) => id !== stockId || ownCompetes)
      .map((id) => ({ units: this.reservedIn(id, sku), sources: drawsOn(this.stocks.get(id)!) }))
      .filter((demand) => demand.units > 0);
    let best = Infinity;
    for (let mask = 0; mask < 2 ** demands.length; mask++) {
      const chosen = demands.filter((_, bit) => (mask >> bit) & 1);
      const sources = new Set([...stock.links, ...chosen.flatMap((demand) => demand.sources)]);
      const value = sum([...sources].map((code) => this.supply(sku, code))) - sum(chosen.map((d) => d.units));
      best = Math.min(best, value);
    }
    return ownCompetes ? best : best - own;
  }

  isAssigned(stockId: number, sku: string): boolean {
    const stock = this.stocks.get(stockId);
    return !!stock && !stock.deleted && stock.links.some((code) => this.quantities.has(`${sku}/${code}`));
  }

  /**
   * GET …/salable's salableQty: null = unlimited. A kit: as many kits as its scarcest component
   * makes, unlimited only when every component is, nothing where a component is not in the stock.
   */
  salableQty(stockId: number, sku: string): number | null {
    const parts = this.kits.get(sku);
    if (parts) {
      let fewest: number | null = null;
      for (const [part, perKit] of parts) {
        if (!this.isAssigned(stockId, part)) return 0;
        const salable = this.salableQty(stockId, part);
        if (salable !== null) fewest = Math.min(fewest ?? Infinity, Math.floor(salable / perKit));
      }
      return fewest;
    }
    if (!this.isAssigned(stockId, sku)) return 0;
    const { backorders, minQty } = this.settings.get(sku)!;
    if (backorders !== 'none' && minQty >= 0) return null;
    return this.servable(stockId, sku) - minQty;
  }

  stockOfChannel(channel: string): ModelStock | undefined {
    return [...this.stocks.values()].find((stock) => stock.channel === channel && !stock.deleted);
  }

  // ---- what happens -----------------------------------------------------------------------

  /** Lines of one SKU summed, as an order (and a hold) is checked. */
  private check(stockId: number, units: Map<string, number>): boolean {
    return [...units].every(([sku, qty]) => {
      if (!this.isAssigned(stockId, sku) || qty > 10_000) return false;
      const salable = this.salableQty(stockId, sku);
      return salable === null || qty <= salable;
    });
  }

  /**
   * OrderPlaced: reserved whole, or rejected; an order id sent again changes nothing. Lines that
   * share a SKU (a kit's component, or the SKU itself) are checked against their sum.
   */
  placeOrder(
    orderId: string,
    channel: string,
    items: readonly { sku: string; qty: number }[],
  ): 'reserved' | 'rejected' {
    const known = this.orders.get(orderId);
    if (known) return known.stockId === null ? 'rejected' : 'reserved';
    const stock = this.stockOfChannel(channel);
    const reserved = !!stock && this.check(stock.id, this.unitsOf(items));
    const kits = new Map(
      [...this.kits].filter(([kit]) => reserved && items.some((item) => item.sku === kit)),
    );
    const lines = new Map(
      [...this.unitsOf(items, kits)].map(([sku, ordered]) => [
        sku,
        { ordered, shipped: 0, canceled: 0, refundedShipped: 0, refundedUnshipped: 0 },
      ]),
    );
    this.orders.set(orderId, {
      orderId,
      channel,
      placedAt: ++this.clock,
      stockId: reserved ? stock!.id : null,
      lines,
      kits,
      canceled: false,
      shippedFrom: [],
      shipments: 0,
    });
    return reserved ? 'reserved' : 'rejected';
  }

  /**
   * OrderCanceled: every unit still to ship, or the named units (a kit line's: its components', as
   * the order took it apart), refused whole when too many.
   */
  cancel(orderId: string, items?: readonly { sku: string; qty: number }[]): 'canceled' | Refusal {
    const order = this.orders.get(orderId)!;
    if (!items) {
      for (const line of order.lines.values()) line.canceled += toShip(line);
      order.canceled = true;
      return 'canceled';
    }
    const units = this.unitsOf(items, order.kits);
    for (const [sku, qty] of units) {
      const line = order.lines.get(sku);
      if (!line || qty > toShip(line)) return { refused: 'over_cancel' };
    }
    for (const [sku, qty] of units) order.lines.get(sku)!.canceled += qty;
    return 'canceled';
  }

  /** What fulfillment accepts to ship: the order's line, its stock's (or former) sources, on hand. */
  ship(orderId: string, items: readonly { sku: string; source: string; qty: number }[]): 'shipped' | Refusal {
    const order = this.orders.get(orderId)!;
    if (order.stockId === null) return { refused: 'order_not_shippable' };
    if (order.canceled) return { refused: 'order_not_shippable' };
    const stock = this.stocks.get(order.stockId)!;
    const bySku = new Map<string, number>();
    const bySource = new Map<string, number>();
    for (const { sku, source, qty } of items) {
      bySku.set(sku, (bySku.get(sku) ?? 0) + qty);
      bySource.set(`${sku}/${source}`, (bySource.get(`${sku}/${source}`) ?? 0) + qty);
    }
    for (const [sku, qty] of bySku) {
      const line = order.lines.get(sku);
      if (!line || qty > toShip(line)) return { refused: 'cannot_ship' };
    }
    for (const [key, qty] of bySource) {
      const source = key.slice(key.indexOf('/') + 1);
      // A former source serves only orders placed before it was unlinked.
      const linked =
        stock.links.includes(source) ||
        (stock.former.includes(source) && order.placedAt < (stock.unlinkedAt?.get(source) ?? 0));
      const onHand = this.quantities.get(key);
      if (!linked || !this.sources.get(source)?.enabled || onHand === undefined || onHand < qty)
        return { refused: 'cannot_ship' };
    }
    order.shipments += 1;
    for (const { sku, source, qty } of items) {
      order.lines.get(sku)!.shipped += qty;
      this.quantities.set(`${sku}/${source}`, this.quantities.get(`${sku}/${source}`)! - qty);
      const from = order.shippedFrom.find((entry) => entry.sku === sku && entry.source === source);
      if (from) from.units += qty;
      else order.shippedFrom.push({ sku, source, units: qty, returned: 0, first: order.shipments });
    }
    return 'shipped';
  }

  /**
   * A credit memo: shipped units are refunded first (those may go back to the sources they shipped
   * from, first shipment first), then units still to ship (no longer to ship).
   */
  refund(orderId: string, sku: string, qty: number, returnToStock: boolean): 'refunded' | Refusal {
    const order = this.orders.get(orderId)!;
    if (order.stockId === null) return { refused: 'order_not_refundable' };
    const line = order.lines.get(sku);
    if (!line) return { refused: 'sku_not_in_order' };
    const shippedLeft = line.shipped - line.refundedShipped;
    if (qty > shippedLeft + toShip(line)) return { refused: 'more_than_refundable' };
    const shipped = Math.min(qty, shippedLeft);
    line.refundedShipped += shipped;
    line.refundedUnshipped += qty - shipped;
    if (returnToStock) {
      let left = shipped;
      const firstShippedFirst = order.shippedFrom
        .filter((entry) => entry.sku === sku)
        .sort((a, b) => a.first - b.first || a.source.localeCompare(b.source));
      for (const from of firstShippedFirst) {
        const units = Math.min(left, from.units - from.returned);
        if (units <= 0) continue;
        from.returned += units;
        left -= units;
        const key = `${sku}/${from.source}`;
        this.quantities.set(key, (this.quantities.get(key) ?? 0) + units);
      }
    }
    return 'refunded';
  }

  /** Whether a cart hold of these units would be placed (checked as an order is). */
  canHold(channel: string, units: Map<string, number>): boolean {
    const stock = this.stockOfChannel(channel);
    return !!stock && this.check(stock.id, units);
  }

  placeHold(holdId: string, channel: string, units: Map<string, number>): 'held' | Refusal {
    if (!this.canHold(channel, units)) return { refused: 'not_salable' };
    this.holds.set(holdId, { holdId, stockId: this.stockOfChannel(channel)!.id, units, open: true });
    return 'held';
  }

  releaseHold(holdId: string): void {
    const hold = this.holds.get(holdId);
    if (hold) hold.open = false;
  }

  setQuantity(sku: string, source: string, qty: number): void {
    this.quantities.set(`${sku}/${source}`, qty);
  }

  setSettings(sku: string, settings: SkuSettings): void {
    this.settings.set(sku, settings);
  }

  setSourceEnabled(source: string, enabled: boolean): void {
    this.sources.get(source)!.enabled = enabled;
  }

  /** The stock's links become these; the ones it loses stay as former links. */
  linkSources(stockId: number, links: string[]): void {
    const stock = this.stocks.get(stockId)!;
    const unlinkedAt = new Map(stock.unlinkedAt);
    const now = ++this.clock;
    for (const code of stock.links) if (!links.includes(code)) unlinkedAt.set(code, now);
    for (const code of links) unlinkedAt.delete(code);
    stock.former = [...new Set([...stock.former, ...stock.links])].filter((code) => !links.includes(code));
    stock.unlinkedAt = unlinkedAt;
    stock.links = links;
  }

  /** A stock created, or its links and channel replaced (the links it loses become former ones). */
  saveStock(stockId: number, links: string[], channel: string | null): void {
    const known = this.stocks.get(stockId);
    if (!known) {
      this.stocks.set(stockId, { id: stockId, channel, links, former: [], deleted: false });
      return;
    }
    this.linkSources(stockId, links);
    known.channel = channel;
  }

  /** Its channel moved away and the stock deleted: its reservations keep counting where they were. */
  deleteStock(stockId: number): void {
    const stock = this.stocks.get(stockId)!;
    this.linkSources(stockId, []);
    stock.channel = null;
    stock.deleted = true;
  }
}
