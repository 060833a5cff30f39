import { DataSource, EntityManager } from 'typeorm';
import { TransferLineState, TransferState, TransferStatus, inTransit } from './decide-transfer';
import { TransferView } from './transfers.dto';

interface TransferRow {
  transfer_id: string;
  from_source_code: string;
  to_source_code: string;
  expected_at: Date | null;
  status: TransferStatus;
  created_at: Date;
  lines: { sku: string; qty: string; received: string; damaged: string; returned: string }[];
}

const SELECT_TRANSFERS = `
  SELECT t.transfer_id, t.from_source_code, t.to_source_code, t.expected_at, t.status, t.created_at,
         (SELECT json_agg(json_build_object('sku', l.sku, 'qty', l.qty, 'received', l.received,
                                            'damaged', l.damaged, 'returned', l.returned) ORDER BY l.sku)
            FROM transfer_lines l WHERE l.transfer_id = t.transfer_id) AS lines
    FROM transfers t`;

const toState = (row: TransferRow): TransferState & { createdAt: string } => ({
  transferId: row.transfer_id,
  status: row.status,
  fromSourceCode: row.from_source_code,
  toSourceCode: row.to_source_code,
  expectedAt: row.expected_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  lines: (row.lines ?? []).map((line) => ({
    sku: line.sku,
    qty: Number(line.qty),
    received: Number(line.received),
    damaged: Number(line.damaged),
    returned: Number(line.returned),
  })),
});

/** A transfer as the routes answer it: each line with what is still in transit. */
export const toTransferView = (transfer: TransferState & { createdAt?: string }): TransferView => ({
  transferId: transfer.transferId,
  status: transfer.status,
  fromSourceCode: transfer.fromSourceCode,
  toSourceCode: transfer.toSourceCode,
  expectedAt: transfer.expectedAt,
  ...(transfer.createdAt ? { createdAt: transfer.createdAt } : {}),
  items: transfer.lines.map((line) => ({ ...line, inTransit: inTransit(line) })),
});

/** The transfer, locked until the transaction ends when `lock` (receipts and cancels take turns). */
export async function loadTransfer(
  tx: EntityManager,
  transferId: string,
  { lock }: { lock: boolean },
): Promise<(TransferState & { createdAt: string }) | undefined> {
  if (lock) await tx.query(`SELECT 1 FROM transfers WHERE transfer_id = $1 FOR UPDATE`, [transferId]);
  const [row]: TransferRow[] = await tx.query(`${SELECT_TRANSFERS} WHERE t.transfer_id = $1`, [transferId]);
  return row && toState(row);
}

export async function insertTransfer(
  tx: EntityManager,
  transfer: TransferState,
  request: object,
): Promise<void> {
  await tx.query(
    `INSERT INTO transfers (transfer_id, from_source_code, to_source_code, expected_at, status, request)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      transfer.transferId,
      transfer.fromSourceCode,
      transfer.toSourceCode,
      transfer.expectedAt,
      transfer.status,
      request,
    ],
  );
  await tx.query(
    `INSERT INTO transfer_lines (transfer_id, sku, qty)
     SELECT $1, * FROM unnest($2::text[], $3::numeric[])`,
    [transfer.transferId, transfer.lines.map((line) => line.sku), transfer.lines.map((line) => line.qty)],
  );
}

/** Writes the status and every line's counters of a transfer already stored. */
export async function updateTransfer(tx: EntityManager, transfer: TransferState): Promise<void> {
  await tx.query(`UPDATE transfers SET status = $2, updated_at = now() WHERE transfer_id = $1`, [
    transfer.transferId,
    transfer.status,
  ]);
  const column = (key: keyof TransferLineState) => transfer.lines.map((line) => line[key]);
  await tx.query(
    `UPDATE transfer_lines l SET received = u.received, damaged = u.damaged, returned = u.returned
       FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[]) AS u(sku, received, damaged, returned)
      WHERE l.transfer_id = $1 AND l.sku = u.sku`,
    [transfer.transferId, column('sku'), column('received'), column('damaged'), column('returned')],
  );
}

/** Transfers newest first, by status and by a SKU on them, with the total of the filter. */
export async function listTransfers(
  dataSource: DataSource,
  query: { status?: TransferStatus; sku?: string; limit?: number; offset?: number },
): Promise<{ items: TransferView[]; total: number }> {
  const where = `WHERE ($1::text IS NULL OR t.status = $1)
      AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM transfer_lines f WHERE f.transfer_id = t.transfer_id AND f.sku = $2))`;
  const filter = [query.status ?? null, query.sku ?? null];
  return dataSource.transaction('REPEATABLE READ', async (tx) => {
    const rows: TransferRow[] = await tx.query(
      `${SELECT_TRANSFERS} ${where} ORDER BY t.created_at DESC, t.transfer_id LIMIT $3 OFFSET $4`,
      [...filter, query.limit ?? 100, query.offset ?? 0],
    );
    const [{ total }] = await tx.query(`SELECT count(*)::int AS total FROM transfers t ${where}`, filter);
    return { items: rows.map((row) => toTransferView(toState(row))), total };
  });
}
