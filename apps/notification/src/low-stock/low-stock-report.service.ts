import { Injectable } from '@nestjs/common';
import { likePrefix } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { LowStockQuery, LowStockReport, LowStockSort } from './low-stock-report.dto';

const ORDER: Record<LowStockSort, string> = {
  quantity: 'quantity, sku, source_code',
  '-quantity': 'quantity DESC, sku, source_code',
  sku: 'sku, source_code',
};

@Injectable()
export class LowStockReportService {
  constructor(private readonly dataSource: DataSource) {}

  /** Magento's Reports > Low Stock: source items below their notify quantity, from the partial indexes. */
  async report(query: LowStockQuery): Promise<LowStockReport> {
    const where = ['is_low'];
    const params: unknown[] = [];
    if (query.sourceCode) where.push(`source_code = $${params.push(query.sourceCode)}`);
    if (query.skuPrefix) where.push(`sku LIKE $${params.push(likePrefix(query.skuPrefix))}`);
    const filter = where.join(' AND ');
    // One snapshot for the page and the total, so an item turning low between two reads cannot
    // make a total of 1 with no item.
    const { rows, total } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const page = await manager.query(
        `SELECT sku, source_code, quantity, threshold, status FROM source_items WHERE ${filter}
          ORDER BY ${ORDER[query.sort ?? 'quantity']} LIMIT ${query.limit ?? 100} OFFSET ${query.offset ?? 0}`,
        params,
      );
      const [{ total }] = await manager.query(
        `SELECT count(*)::int AS total FROM source_items WHERE ${filter}`,
        params,
      );
      return { rows: page, total: total as number };
    });
    return {
      items: rows.map(
        (row: { sku: string; source_code: string; quantity: string; threshold: string; status: string }) => ({
          sku: row.sku,
          sourceCode: row.source_code,
          quantity: Number(row.quantity),
          notifyStockQty: Number(row.threshold),
          status: row.status,
        }),
      ),
      total,
    };
  }
}
