import { HttpStatus, Injectable } from '@nestjs/common';
import { FieldError, createEvent } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { rejectUnknownSources } from '../sources/known-sources';
import { DEFAULT_STOCK_ID, SaveStockRequest, StockView } from './stock.dto';
import { nextCatalogVersion } from '../catalog-version/catalog-version';

function repeated(values: readonly string[], field: (index: number) => string, what: string): FieldError[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (!seen.has(value)) return (seen.add(value), []);
    return [{ field: field(index), problems: [`${what} "${value}" appears more than once`] }];
  });
}

@Injectable()
export class StocksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /** Creates or replaces a stock, its source links and its sales channels, and publishes StockSaved. */
  async save(
    stockId: number,
    request: SaveStockRequest,
    { onlyCreate = false } = {},
  ): Promise<{ stock: StockView; created: boolean }> {
    const sourceCodes = request.sourceLinks.map((link) => link.sourceCode);
    const duplicates = [
      ...repeated(sourceCodes, (i) => `sourceLinks.${i}.sourceCode`, 'source'),
      ...repeated(request.salesChannels, (i) => `salesChannels.${i}`, 'sales channel'),
    ];
    if (duplicates.length)
      throw ApiError.forFields(HttpStatus.BAD_REQUEST, 'duplicate_entry', 'Duplicate entries', duplicates);
    if (stockId === DEFAULT_STOCK_ID && request.salesChannels.length === 0) {
      throw ApiError.forFields(
        HttpStatus.CONFLICT,
        'default_stock_needs_channel',
        'The Default Stock must keep a sales channel',
        [
          {
            field: 'salesChannels',
            problems: ['must name at least one sales channel for the Default Stock'],
          },
        ],
      );
    }

    return this.unitOfWork.run(async ({ tx, publish }) => {
      await rejectUnknownSources(
        tx,
        sourceCodes.map((code, index) => ({ code, field: `sourceLinks.${index}.sourceCode` })),
      );
      const [{ created }] = await tx.query(
        `INSERT INTO stocks (id, name) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = now()
         RETURNING (xmax = 0) AS created`,
        [stockId, request.name],
      );
      if (onlyCreate && !created) {
        throw ApiError.forFields(HttpStatus.PRECONDITION_FAILED, 'stock_exists', 'Not created', [
          { field: 'id', problems: [`stock ${stockId} exists: pick another id`] },
        ]);
      }
      await this.rejectChannelsOfOtherStocks(tx, stockId, request.salesChannels);
      await tx.query(`DELETE FROM stock_source_links WHERE stock_id = $1`, [stockId]);
      await tx.query(
        `INSERT INTO stock_source_links (stock_id, source_code, priority)
         SELECT $1, * FROM unnest($2::text[], $3::int[])`,
        [stockId, sourceCodes, request.sourceLinks.map((link) => link.priority)],
      );
      await tx.query(`DELETE FROM sales_channels WHERE stock_id = $1`, [stockId]);
      await tx.query(`INSERT INTO sales_channels (code, stock_id) SELECT unnest($2::text[]), $1`, [
        stockId,
        request.salesChannels,
      ]);
      const [stock] = await this.read(tx, [stockId]); // written just above
      publish({
        event: createEvent(
          'StockSaved',
          { ...stock, version: await nextCatalogVersion(tx) },
          { source: 'catalog-inventory' },
        ),
        key: String(stockId),
      });
      return { stock, created };
    });
  }

  /**
   * Deletes a stock that sells through no channel any more (its links go with it) and publishes
   * StockDeleted. A stock still selling is a 409: move its channels to another stock first, so no
   * channel is left without a stock by accident.
   */
  async delete(stockId: number): Promise<void> {
    if (stockId === DEFAULT_STOCK_ID) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'default_stock_undeletable',
        'The Default Stock cannot be deleted',
      );
    }
    await this.unitOfWork.run(async ({ tx, publish }) => {
      const [stock] = await tx.query(`SELECT id FROM stocks WHERE id = $1 FOR UPDATE`, [stockId]);
      if (!stock) throw ApiError.notFound('stock_not_found', `Stock ${stockId} does not exist`);
      const channels: { code: string }[] = await tx.query(
        `SELECT code FROM sales_channels WHERE stock_id = $1 ORDER BY code`,
        [stockId],
      );
      if (channels.length) {
        const codes = channels.map((channel) => channel.code).join(', ');
        throw ApiError.forFields(
          HttpStatus.CONFLICT,
          'stock_has_sales_channels',
          `Stock ${stockId} still sells through ${codes}; move those channels to another stock first`,
          [{ field: 'salesChannels', problems: [`must be empty before deleting (has ${codes})`] }],
        );
      }
      await tx.query(`DELETE FROM stocks WHERE id = $1`, [stockId]); // its links go by ON DELETE CASCADE
      publish({
        event: createEvent(
          'StockDeleted',
          { stockId, version: await nextCatalogVersion(tx) },
          { source: 'catalog-inventory' },
        ),
        key: String(stockId),
      });
    });
  }

  async get(stockId: number): Promise<StockView> {
    const [stock] = await this.read(this.dataSource.manager, [stockId]);
    if (!stock) throw ApiError.notFound('stock_not_found', `Stock ${stockId} does not exist`);
    return stock;
  }

  async list(): Promise<{ items: StockView[] }> {
    return { items: await this.read(this.dataSource.manager) };
  }

  /** These stocks (all without `ids`), each with its links and channels, in one query. */
  async read(db: EntityManager, ids?: readonly number[]): Promise<StockView[]> {
    const rows: {
      id: number;
      name: string;
      links: { sourceCode: string; priority: number }[];
      channels: string[];
    }[] = await db.query(
      `SELECT s.id, s.name,
              coalesce((SELECT json_agg(json_build_object('sourceCode', l.source_code, 'priority', l.priority)
                                        ORDER BY l.priority, l.source_code)
                          FROM stock_source_links l WHERE l.stock_id = s.id), '[]') AS links,
              coalesce((SELECT json_agg(c.code ORDER BY c.code) FROM sales_channels c WHERE c.stock_id = s.id),
                       '[]') AS channels
         FROM stocks s WHERE $1::int[] IS NULL OR s.id = ANY($1) ORDER BY s.id`,
      [ids ?? null],
    );
    return rows.map((row) => ({
      stockId: row.id,
      name: row.name,
      sourceLinks: row.links,
      salesChannels: row.channels,
    }));
  }

  /** A sales channel belongs to one stock: claiming another stock's channel is a 409 naming its owner. */
  private async rejectChannelsOfOtherStocks(
    tx: EntityManager,
    stockId: number,
    channels: readonly string[],
  ): Promise<void> {
    // FOR UPDATE: two stocks claiming one free channel at once serialise here (and the primary key backs it up).
    const owned: { code: string; stock_id: number }[] = await tx.query(
      `SELECT code, stock_id FROM sales_channels WHERE code = ANY($1) AND stock_id <> $2 FOR UPDATE`,
      [channels, stockId],
    );
    const owners = new Map(owned.map((row) => [row.code, row.stock_id]));
    const errors = channels.flatMap((code, index) =>
      owners.has(code)
        ? [
            {
              field: `salesChannels.${index}`,
              problems: [`sales channel "${code}" already belongs to stock ${owners.get(code)}`],
            },
          ]
        : [],
    );
    if (errors.length) {
      throw ApiError.forFields(
        HttpStatus.CONFLICT,
        'sales_channel_taken',
        'A sales channel belongs to one stock only',
        errors,
      );
    }
  }
}
