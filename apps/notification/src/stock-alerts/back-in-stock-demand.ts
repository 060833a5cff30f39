import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsCodePrefix } from '@inventory/contracts';
import { Access, PageQuery, likePrefix } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';

export class DemandQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'HDB-', description: 'Only SKUs that start with this' })
  @IsOptional()
  @IsCodePrefix()
  readonly skuPrefix?: string;
}

export class DemandRow {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'base' }) readonly salesChannel!: string;
  @ApiProperty({ example: 12, description: 'Shoppers waiting for it now' })
  readonly activeSubscribers!: number;
  @ApiProperty({ type: String, nullable: true, description: 'When the longest-waiting of them subscribed' })
  readonly waitingSince!: string | null;
  @ApiProperty({ example: 2, description: 'Times it came back with shoppers waiting' })
  readonly restocks!: number;
  @ApiProperty({ example: 30, description: 'Shoppers told it was back, over those restocks' })
  readonly notifiedSubscribers!: number;
  @ApiProperty({ type: String, nullable: true }) readonly lastRestockedAt!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 9.5,
    description: 'Days from the first subscription to the restock, averaged over its restocks',
  })
  readonly averageDaysToRestock!: number | null;
}

export class DemandReport {
  @ApiProperty({ type: [DemandRow] }) readonly items!: readonly DemandRow[];
  @ApiProperty({ example: 1 }) readonly total!: number;
}

interface DemandRowSql {
  sku: string;
  sales_channel: string;
  active: number;
  waiting_since: Date | null;
  restocks: number;
  notified: number;
  last_restocked_at: Date | null;
  average_days: string | null;
}

/**
 * Back-in-stock demand per SKU and channel, from the subscriptions: who waits now and since when,
 * and for what came back, how long shoppers had waited. One restock is the subscriptions notified
 * together (one notification time); its wait runs from its first subscription. Unsubscribed
 * shoppers do not count.
 */
@Injectable()
export class BackInStockDemandService {
  constructor(private readonly dataSource: DataSource) {}

  async report(query: DemandQuery): Promise<DemandReport> {
    const prefix = query.skuPrefix ? likePrefix(query.skuPrefix) : null;
    const rows: (DemandRowSql & { total: string })[] = await this.dataSource.query(
      `WITH restock AS (
         SELECT sku, sales_channel, notified_at, count(*) AS notified, min(created_at) AS first_subscribed
           FROM stock_alert_subscriptions
          WHERE status = 'notified' AND ($1::text IS NULL OR sku LIKE $1)
          GROUP BY sku, sales_channel, notified_at
       ), waiting AS (
         SELECT sku, sales_channel, count(*) AS active, min(created_at) AS waiting_since
           FROM stock_alert_subscriptions
          WHERE status = 'active' AND ($1::text IS NULL OR sku LIKE $1)
          GROUP BY sku, sales_channel
       ), came_back AS (
         SELECT sku, sales_channel, count(*) AS restocks, sum(notified) AS notified,
                max(notified_at) AS last_restocked_at,
                avg(extract(epoch FROM notified_at - first_subscribed) / 86400) AS average_days
           FROM restock GROUP BY sku, sales_channel
       )
       SELECT coalesce(w.sku, c.sku) AS sku, coalesce(w.sales_channel, c.sales_channel) AS sales_channel,
              coalesce(w.active, 0)::int AS active, w.waiting_since,
              coalesce(c.restocks, 0)::int AS restocks, coalesce(c.notified, 0)::int AS notified,
              c.last_restocked_at, round(c.average_days::numeric, 1) AS average_days,
              count(*) OVER () AS total
         FROM waiting w FULL JOIN came_back c ON c.sku = w.sku AND c.sales_channel = w.sales_channel
        ORDER BY coalesce(w.active, 0) DESC, w.waiting_since NULLS LAST, 1, 2
        LIMIT $2 OFFSET $3`,
      [prefix, query.limit ?? 100, query.offset ?? 0],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((row) => ({
        sku: row.sku,
        salesChannel: row.sales_channel,
        activeSubscribers: row.active,
        waitingSince: row.waiting_since?.toISOString() ?? null,
        restocks: row.restocks,
        notifiedSubscribers: row.notified,
        lastRestockedAt: row.last_restocked_at?.toISOString() ?? null,
        averageDaysToRestock: row.average_days === null ? null : Number(row.average_days),
      })),
    };
  }
}

@ApiTags('back in stock')
@Access('admin')
@Controller('reports/back-in-stock-demand')
export class BackInStockDemandController {
  constructor(private readonly demand: BackInStockDemandService) {}

  /** The SKUs shoppers wait for, per channel: most waiting first, then longest waiting. */
  @Get()
  @ApiOkResponse({ type: DemandReport })
  report(@Query() query: DemandQuery): Promise<DemandReport> {
    return this.demand.report(query);
  }
}
