import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INVENTORY_STATES, IsCode, SOURCE_ITEMS_SAVED_REASONS } from '@inventory/contracts';
import { PageQuery } from '@inventory/service-runtime';
import { IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';

export class MovementsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'HDB-001' }) @IsOptional() @IsCode() readonly sku?: string;
  @ApiPropertyOptional({ example: 'default' }) @IsOptional() @IsCode() readonly sourceCode?: string;
}

/** One change of one state of one source item. */
export class MovementView {
  @ApiProperty({ example: '2026-12-05T09:14:03.120Z' }) readonly at!: string;
  @ApiProperty({ example: 'HDB-001' }) readonly sku!: string;
  @ApiProperty({ example: 'default' }) readonly sourceCode!: string;
  @ApiProperty({ enum: INVENTORY_STATES }) readonly state!: string;
  @ApiProperty({ example: -2 }) readonly delta!: number;
  @ApiProperty({ example: 8 }) readonly quantityAfter!: number;
  @ApiProperty({ enum: [...SOURCE_ITEMS_SAVED_REASONS, 'unassign'], description: 'What changed it' })
  readonly cause!: string;
  @ApiProperty({ example: 'damaged', description: "An adjustment's reason; else the cause again" })
  readonly reason!: string;
  @ApiProperty({ type: String, nullable: true, example: 'RMA-4471' }) readonly referenceDocument!:
    string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The adjustment, shipment, credit memo or import that made the change',
  })
  readonly documentId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Dropped pallet',
    description: "An adjustment's note",
  })
  readonly note!: string | null;
}

export class MovementList {
  @ApiProperty({ type: [MovementView] }) readonly items!: MovementView[];
  @ApiProperty() readonly total!: number;
}

/** The movement log, newest first, of one SKU (at one source) or of everything. */
export async function findMovements(dataSource: DataSource, query: MovementsQuery): Promise<MovementList> {
  const where = `($1::text IS NULL OR sku = $1) AND ($2::text IS NULL OR source_code = $2)`;
  const filter = [query.sku ?? null, query.sourceCode ?? null];
  // One snapshot for the page and the total.
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    const rows = await tx.query(
      `SELECT at, sku, source_code, state, delta, quantity_after, cause, reason, reference_document, document_id, note
         FROM source_item_movements WHERE ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [...filter, query.limit ?? 100, query.offset ?? 0],
    );
    const [{ total }] = await tx.query(
      `SELECT count(*)::int AS total FROM source_item_movements WHERE ${where}`,
      filter,
    );
    return {
      items: rows.map((row: Record<string, string | Date | null>) => ({
        at: (row.at as Date).toISOString(),
        sku: row.sku,
        sourceCode: row.source_code,
        state: row.state,
        delta: Number(row.delta),
        quantityAfter: Number(row.quantity_after),
        cause: row.cause,
        reason: row.reason,
        referenceDocument: row.reference_document,
        documentId: row.document_id,
        note: row.note,
      })),
      total,
    };
  });
}
