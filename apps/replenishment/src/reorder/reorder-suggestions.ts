import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsCode, resolveSettings } from '@inventory/contracts';
import { Access, LimitQuery } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { INCOMING_SQL } from '../incoming/incoming';
import { SALES_WINDOW_DAYS, reorderSuggestion } from './reorder-point';

/** The lead time of a source no supplier has delivered to yet (REORDER_LEAD_TIME_DAYS, 7). */
export const defaultLeadTimeDays = (): number => Number(process.env.REORDER_LEAD_TIME_DAYS ?? 7);

export class ReorderQuery extends LimitQuery {
  @ApiPropertyOptional({ example: 'default' }) @IsOptional() @IsCode() readonly sourceCode?: string;
}

export class ReorderSuggestionView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ example: 10 }) readonly available!: number;
  @ApiProperty({ example: 0 }) readonly incoming!: number;
  @ApiProperty({ example: 5 }) readonly safetyStock!: number;
  @ApiProperty({
    example: 2,
    description: `Units shipped from the source over ${SALES_WINDOW_DAYS} days, per day`,
  })
  readonly dailySales!: number;
  @ApiProperty({ example: 7 }) readonly leadTimeDays!: number;
  @ApiProperty({ example: 19, description: 'dailySales × leadTimeDays + safetyStock' })
  readonly reorderPoint!: number;
  @ApiProperty({
    example: 65,
    description: `Up to the reorder point plus ${SALES_WINDOW_DAYS} days of sales`,
  })
  readonly suggestedQty!: number;
  @ApiProperty({ type: String, nullable: true, example: 'acme', description: "The source's last supplier" })
  readonly supplierCode!: string | null;
}

export class ReorderSuggestionList {
  @ApiProperty({ type: [ReorderSuggestionView] }) readonly items!: readonly ReorderSuggestionView[];
}

interface CandidateRow {
  sku: string;
  source_code: string;
  available: string;
  incoming: string;
  safety_stock: string;
  shipped: string;
  supplier_code: string | null;
  lead_time_days: number | null;
  product_settings: Record<string, unknown> | null;
}

@Injectable()
export class ReorderSuggestionsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per source item, from this service's copies: available and safety stock (catalog), incoming
   * (open purchase orders, transfers in transit), units shipped over the window (fulfillment), the
   * lead time of the source's last supplier. SQL only picks the items at or below their reorder
   * point (the same inequality, so no row is missed); reorderSuggestion decides each. Furthest
   * below the point first.
   */
  async list(query: ReorderQuery): Promise<ReorderSuggestionList> {
    const leadTimeDefault = defaultLeadTimeDays();
    const rows: CandidateRow[] = await this.dataSource.query(
      `WITH incoming AS (
         SELECT sku, source_code, sum(qty) AS qty FROM (${INCOMING_SQL}) i GROUP BY sku, source_code
       ), sold AS (
         SELECT sku, source_code, sum(qty) AS qty FROM shipped_units
          WHERE day > current_date - $3::int AND ($1::text IS NULL OR source_code = $1)
          GROUP BY sku, source_code
       ), last_supplier AS (
         SELECT DISTINCT ON (o.source_code) o.source_code, s.code AS supplier_code, s.lead_time_days
           FROM purchase_orders o JOIN suppliers s ON s.code = o.supplier_code
          ORDER BY o.source_code, o.placed_at DESC
       ), candidates AS (
         SELECT i.sku, i.source_code, i.quantity AS available, coalesce(n.qty, 0) AS incoming,
                i.safety_stock, coalesce(d.qty, 0) AS shipped, ls.supplier_code, ls.lead_time_days
           FROM source_items i
           LEFT JOIN incoming n ON n.sku = i.sku AND n.source_code = i.source_code
           LEFT JOIN sold d ON d.sku = i.sku AND d.source_code = i.source_code
           LEFT JOIN last_supplier ls ON ls.source_code = i.source_code
          WHERE $1::text IS NULL OR i.source_code = $1
       )
       SELECT c.*, ps.settings AS product_settings FROM candidates c
         LEFT JOIN catalog_settings ps ON ps.scope = 'sku:' || c.sku
        WHERE c.available + c.incoming
              <= c.shipped / $3::numeric * coalesce(c.lead_time_days, $2) + c.safety_stock
        ORDER BY c.available + c.incoming - (c.shipped / $3::numeric * coalesce(c.lead_time_days, $2) + c.safety_stock),
                 c.sku, c.source_code
        LIMIT $4`,
      [query.sourceCode ?? null, leadTimeDefault, SALES_WINDOW_DAYS, (query.limit ?? 100) * 2],
    );
    const [global] = await this.dataSource.query(
      `SELECT settings FROM catalog_settings WHERE scope = 'global'`,
    );
    const items: ReorderSuggestionView[] = [];
    for (const row of rows) {
      const leadTimeDays = row.lead_time_days ?? leadTimeDefault;
      const inputs = {
        available: Number(row.available),
        incoming: Number(row.incoming),
        safetyStock: Number(row.safety_stock),
        shipped: Number(row.shipped),
        leadTimeDays,
        isQtyDecimal: resolveSettings(global?.settings ?? {}, row.product_settings ?? {}).settings
          .isQtyDecimal,
      };
      const suggestion = reorderSuggestion(inputs);
      if (!suggestion) continue;
      items.push({
        sku: row.sku,
        sourceCode: row.source_code,
        available: inputs.available,
        incoming: inputs.incoming,
        safetyStock: inputs.safetyStock,
        leadTimeDays,
        supplierCode: row.supplier_code,
        ...suggestion,
      });
      if (items.length >= (query.limit ?? 100)) break;
    }
    return { items };
  }
}

@ApiTags('reorder-suggestions')
@Access('admin')
@Controller('reorder-suggestions')
export class ReorderSuggestionsController {
  constructor(private readonly suggestions: ReorderSuggestionsService) {}

  /** What to buy now, per SKU and source, by the reorder point (seed 000's rule). */
  @Get()
  @ApiOkResponse({ type: ReorderSuggestionList })
  list(@Query() query: ReorderQuery): Promise<ReorderSuggestionList> {
    return this.suggestions.list(query);
  }
}
