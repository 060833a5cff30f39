import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { Access, LimitQuery } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';

export class IncomingQuery extends LimitQuery {
  @ApiPropertyOptional({ example: 'HDB-001' }) @IsOptional() @IsCode() readonly sku?: string;
}

export class IncomingItem {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'default', description: 'Where the units arrive' }) readonly sourceCode!: string;
  @ApiProperty({ example: 40, description: 'Units not arrived yet' }) readonly qty!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-20' }) readonly expectedAt!: string | null;
  @ApiPropertyOptional({ example: 'po-1' }) readonly purchaseOrderId?: string;
  @ApiPropertyOptional({ example: 'tr-1' }) readonly transferId?: string;
}

export class IncomingList {
  @ApiProperty({ type: [IncomingItem] }) readonly items!: readonly IncomingItem[];
}

interface IncomingRow {
  sku: string;
  source_code: string;
  qty: string;
  expected_at: string | null;
  purchase_order_id: string | null;
  transfer_id: string | null;
}

/** Units on their way, per SKU and source: what open purchase orders and transfers in transit bring. */
export const INCOMING_SQL = `
  SELECT l.sku, o.source_code, l.qty - l.received AS qty, o.expected_at,
         o.purchase_order_id, NULL::text AS transfer_id
    FROM purchase_orders o JOIN purchase_order_lines l USING (purchase_order_id)
   WHERE o.status IN ('open', 'partially_received') AND l.received < l.qty
  UNION ALL
  SELECT sku, to_source_code, in_transit, expected_at, NULL, transfer_id
    FROM transfer_lines WHERE in_transit > 0`;

@Injectable()
export class IncomingService {
  constructor(private readonly dataSource: DataSource) {}

  /** Soonest first; units with no expected date last. */
  async list(query: IncomingQuery): Promise<IncomingList> {
    const rows: IncomingRow[] = await this.dataSource.query(
      `SELECT * FROM (${INCOMING_SQL}) incoming
        WHERE $1::text IS NULL OR sku = $1
        ORDER BY expected_at NULLS LAST, sku, source_code, purchase_order_id, transfer_id
        LIMIT $2`,
      [query.sku ?? null, query.limit ?? 100],
    );
    return {
      items: rows.map((row) => ({
        sku: row.sku,
        sourceCode: row.source_code,
        qty: Number(row.qty),
        expectedAt: row.expected_at,
        ...(row.purchase_order_id ? { purchaseOrderId: row.purchase_order_id } : {}),
        ...(row.transfer_id ? { transferId: row.transfer_id } : {}),
      })),
    };
  }
}

@ApiTags('incoming')
@Access('admin')
@Controller('incoming')
export class IncomingController {
  constructor(private readonly incoming: IncomingService) {}

  /** Open purchase orders and transfers in transit: what is coming, where, and when. */
  @Get()
  @ApiOkResponse({ type: IncomingList })
  list(@Query() query: IncomingQuery): Promise<IncomingList> {
    return this.incoming.list(query);
  }
}
