import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Access, SkuParam } from '@inventory/service-runtime';

export interface SalabilityView {
  readonly stockId: number;
  readonly sku: string;
  readonly salableQty: number | null;
  readonly isSalable: boolean;
  readonly updatedAt: string;
  /** The reservation service's sequence of the change (null: from a producer without one). */
  readonly sequence: number | null;
}

@ApiTags('salability')
@Access('admin', 'ops')
@Controller('skus/:sku/salability')
export class SalabilityController {
  constructor(private readonly dataSource: DataSource) {}

  /** What this service last heard of the SKU's salability, per stock. */
  @Get()
  async get(@Param() { sku }: SkuParam): Promise<{ items: SalabilityView[] }> {
    const rows: {
      stock_id: number;
      sku: string;
      salable_qty: string | null;
      is_salable: boolean;
      occurred_at: Date;
      sequence: string | null;
    }[] = await this.dataSource.query(`SELECT * FROM salability WHERE sku = $1 ORDER BY stock_id`, [sku]);
    return {
      items: rows.map((row) => ({
        stockId: row.stock_id,
        sku: row.sku,
        salableQty: row.salable_qty === null ? null : Number(row.salable_qty),
        isSalable: row.is_salable,
        updatedAt: row.occurred_at.toISOString(),
        sequence: row.sequence === null ? null : Number(row.sequence),
      })),
    };
  }
}
