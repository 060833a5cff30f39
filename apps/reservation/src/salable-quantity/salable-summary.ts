import { ApiProperty } from '@nestjs/swagger';
import { EntityManager } from 'typeorm';

/** What each stock can sell, counted: the merchant's first question in the morning. */
export class StockSalableCount {
  @ApiProperty() readonly stockId!: number;
  @ApiProperty({ description: 'SKUs assigned to the stock (a source item at one of its sources)' })
  readonly skus!: number;
  @ApiProperty({ description: 'SKUs the stock cannot sell now' }) readonly outOfStock!: number;
  @ApiProperty({ description: 'SKUs at or below their Only X Left threshold' }) readonly onlyXLeft!: number;
}

export class RecentSalableChange {
  @ApiProperty() readonly stockId!: number;
  @ApiProperty() readonly sku!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'null: no limit' })
  readonly salableQty!: number | null;
  @ApiProperty() readonly isSalable!: boolean;
  @ApiProperty({ description: 'ISO time of the change' }) readonly changedAt!: string;
}

export class SalableSummary {
  @ApiProperty({ type: [StockSalableCount] }) readonly stocks!: StockSalableCount[];
  @ApiProperty({ type: [RecentSalableChange], description: 'The latest changes, newest first' })
  readonly recent!: RecentSalableChange[];
}

/** Counts per stock and the latest changes, from the salable projection's table. */
export async function readSalableSummary(db: EntityManager, recent: number): Promise<SalableSummary> {
  const counts: { stock_id: number; skus: number; out_of_stock: number; only_x_left: number }[] =
    await db.query(
      `SELECT stock_id, count(*)::int AS skus,
              count(*) FILTER (WHERE NOT is_salable)::int AS out_of_stock,
              count(*) FILTER (WHERE is_salable AND only_x_left IS NOT NULL)::int AS only_x_left
         FROM salable_quantities GROUP BY stock_id ORDER BY stock_id`,
    );
  const changes: {
    stock_id: number;
    sku: string;
    salable_qty: string | null;
    is_salable: boolean;
    updated_at: Date;
  }[] = await db.query(
    `SELECT stock_id, sku, salable_qty, is_salable, updated_at FROM salable_quantities
      ORDER BY updated_at DESC LIMIT $1`,
    [recent],
  );
  return {
    stocks: counts.map((row) => ({
      stockId: row.stock_id,
      skus: row.skus,
      outOfStock: row.out_of_stock,
      onlyXLeft: row.only_x_left,
    })),
    recent: changes.map((row) => ({
      stockId: row.stock_id,
      sku: row.sku,
      salableQty: row.salable_qty === null ? null : Number(row.salable_qty),
      isSalable: row.is_salable,
      changedAt: row.updated_at.toISOString(),
    })),
  };
}
