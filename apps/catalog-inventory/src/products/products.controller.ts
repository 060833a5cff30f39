import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsCodePrefix } from '@inventory/contracts';
import { Access, PageQuery, likePrefix } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { SOURCE_ITEM_COLUMNS, toSourceItemView } from '../source-items/source-item-store';
import { SourceItemView } from '../source-items/source-items.dto';

export class ProductsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'HDB-', description: 'Only SKUs that start with this' })
  @IsOptional()
  @IsCodePrefix()
  readonly skuPrefix?: string;
}

class ProductSourceItem {
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ example: 150 }) readonly quantity!: number;
  @ApiProperty({ example: 'in_stock' }) readonly status!: string;
  @ApiProperty({ type: Number, nullable: true }) readonly notifyStockQty!: number | null;
}

class ProductView {
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ type: [ProductSourceItem] }) readonly sources!: ProductSourceItem[];
}

export class ProductList {
  @ApiProperty({ type: [ProductView] }) readonly items!: ProductView[];
  @ApiProperty({ description: 'SKUs matching, over all pages' }) readonly total!: number;
}

/** The products grid: SKUs in order, a page at a time, each with its quantity at every source. */
@ApiTags('products')
@Access('admin')
@Controller('products')
export class ProductsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: ProductList })
  list(@Query() query: ProductsQuery): Promise<ProductList> {
    const prefix = likePrefix(query.skuPrefix ?? '');
    // One snapshot for the page and the total.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const rows = await tx.query(
        `WITH page AS (SELECT DISTINCT sku FROM source_items WHERE sku LIKE $1 ORDER BY sku LIMIT $2 OFFSET $3)
         SELECT ${SOURCE_ITEM_COLUMNS.replace(/(\w+)/g, 's.$1')}
           FROM source_items s JOIN page USING (sku) ORDER BY s.sku, s.source_code`,
        [prefix, query.limit ?? 100, query.offset ?? 0],
      );
      const [{ total }] = await tx.query(
        `SELECT count(DISTINCT sku)::int AS total FROM source_items WHERE sku LIKE $1`,
        [prefix],
      );
      const bySku = new Map<string, ProductSourceItem[]>();
      for (const { sku, ...item } of rows.map(toSourceItemView) as SourceItemView[]) {
        bySku.set(sku, [...(bySku.get(sku) ?? []), item]);
      }
      return { items: [...bySku].map(([sku, sources]) => ({ sku, sources })), total };
    });
  }
}
