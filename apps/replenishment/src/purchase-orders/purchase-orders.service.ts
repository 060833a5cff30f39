import { Injectable } from '@nestjs/common';
import { resolveSettings } from '@inventory/contracts';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { PurchaseOrder, decideCancel, decidePlace, decideReceive } from './purchase-order';
import { PurchaseOrderStore } from './purchase-order-store';
import {
  PlacePurchaseOrderRequest,
  PurchaseOrderList,
  PurchaseOrderView,
  PurchaseOrdersQuery,
  ReceiveGoodsRequest,
} from './purchase-orders.dto';

const viewOf = (order: PurchaseOrder, alreadyApplied = false): PurchaseOrderView => ({
  purchaseOrderId: order.purchaseOrderId,
  status: order.status,
  supplierCode: order.supplierCode,
  sourceCode: order.sourceCode,
  expectedAt: order.expectedAt,
  lines: order.lines.map(({ sku, qty, received }) => ({ sku, qty, received })),
  ...(alreadyApplied ? { alreadyApplied } : {}),
});

const notFound = (purchaseOrderId: string) =>
  ApiError.notFound('purchase_order_not_found', `Purchase order ${purchaseOrderId} does not exist`);

/**
 * Purchase orders: decided on their streams (PurchaseOrderStore), listed from the read model the
 * projection keeps. What a placement checks outside the order (supplier, source, whole units) is
 * read from this service's tables.
 */
@Injectable()
export class PurchaseOrdersService {
  constructor(
    private readonly orders: PurchaseOrderStore,
    private readonly dataSource: DataSource,
  ) {}

  async place(request: PlacePurchaseOrderRequest): Promise<PurchaseOrderView> {
    const context = await this.placementContext(request);
    const { order, recorded } = await this.orders.decide(request.purchaseOrderId, (state) =>
      decidePlace(request, state, context),
    );
    return viewOf(order as PurchaseOrder, !recorded);
  }

  async receive(purchaseOrderId: string, request: ReceiveGoodsRequest): Promise<PurchaseOrderView> {
    const { isQtyDecimal } = await this.skuRules(request.lines.map((line) => line.sku));
    const { order, recorded } = await this.orders.decide(purchaseOrderId, (state) =>
      decideReceive(purchaseOrderId, request, state, isQtyDecimal),
    );
    return viewOf(order as PurchaseOrder, !recorded);
  }

  async cancel(purchaseOrderId: string): Promise<PurchaseOrderView> {
    const { order, recorded } = await this.orders.decide(purchaseOrderId, (state) =>
      decideCancel(purchaseOrderId, state),
    );
    return viewOf(order as PurchaseOrder, !recorded);
  }

  /** From the order's stream: what it is now, whatever the read model has applied yet. */
  async get(purchaseOrderId: string): Promise<PurchaseOrderView> {
    const { state } = await this.orders.load(purchaseOrderId);
    if (!state) throw notFound(purchaseOrderId);
    return viewOf(state);
  }

  /** Newest first, from the read model. */
  async list(query: PurchaseOrdersQuery): Promise<PurchaseOrderList> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (query.status) {
      parameters.push(query.status);
      conditions.push(`o.status = $${parameters.length}`);
    }
    if (query.sku) {
      parameters.push(query.sku);
      conditions.push(
        `EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = o.purchase_order_id AND l.sku = $${parameters.length})`,
      );
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }]: { total: string }[] = await this.dataSource.query(
      `SELECT count(*) AS total FROM purchase_orders o ${where}`,
      parameters,
    );
    const rows: {
      purchase_order_id: string;
      status: PurchaseOrder['status'];
      supplier_code: string;
      source_code: string;
      expected_at: string;
      lines: { sku: string; qty: string; received: string }[];
    }[] = await this.dataSource.query(
      `SELECT o.*, (SELECT coalesce(json_agg(json_build_object('sku', l.sku, 'qty', l.qty, 'received', l.received)
                                             ORDER BY l.sku), '[]')
                      FROM purchase_order_lines l WHERE l.purchase_order_id = o.purchase_order_id) AS lines
         FROM purchase_orders o ${where}
        ORDER BY o.placed_at DESC, o.purchase_order_id
        LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, query.limit ?? 100, query.offset ?? 0],
    );
    return {
      total: Number(total),
      items: rows.map((row) => ({
        purchaseOrderId: row.purchase_order_id,
        status: row.status,
        supplierCode: row.supplier_code,
        sourceCode: row.source_code,
        expectedAt: row.expected_at,
        lines: row.lines.map((line) => ({
          sku: line.sku,
          qty: Number(line.qty),
          received: Number(line.received),
        })),
      })),
    };
  }

  private async placementContext(request: PlacePurchaseOrderRequest) {
    const [suppliers, sources, rules] = await Promise.all([
      this.dataSource.query(`SELECT 1 FROM suppliers WHERE code = $1`, [request.supplierCode]),
      this.dataSource.query(`SELECT 1 FROM catalog_sources WHERE code = $1`, [request.sourceCode]),
      this.skuRules(request.lines.map((line) => line.sku)),
    ]);
    return { supplierExists: suppliers.length > 0, sourceExists: sources.length > 0, ...rules };
  }

  /** What the catalog says of these SKUs: bought in fractions or not, kits. */
  private async skuRules(skus: readonly string[]) {
    const [settings, kits] = await Promise.all([
      this.dataSource.query(`SELECT scope, settings FROM catalog_settings WHERE scope = ANY($1)`, [
        ['global', ...skus.map((sku) => `sku:${sku}`)],
      ]) as Promise<{ scope: string; settings: Record<string, unknown> }[]>,
      this.dataSource.query(`SELECT sku FROM catalog_kits WHERE sku = ANY($1)`, [skus]) as Promise<
        { sku: string }[]
      >,
    ]);
    const byScope = new Map(settings.map((row) => [row.scope, row.settings]));
    const global = byScope.get('global') ?? {};
    const kitSkus = new Set(kits.map((row) => row.sku));
    return {
      isQtyDecimal: (sku: string) =>
        resolveSettings(global, byScope.get(`sku:${sku}`) ?? {}).settings.isQtyDecimal,
      isKit: (sku: string) => kitSkus.has(sku),
    };
  }
}
