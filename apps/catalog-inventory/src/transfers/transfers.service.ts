import { Injectable } from '@nestjs/common';
import { createEvent } from '@inventory/contracts';
import { TransactionScope, UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { nextCatalogVersion } from '../catalog-version/catalog-version';
import { assertSameRequest, storedRequest } from '../idempotency/request-replay';
import { rejectUnknownSources } from '../sources/known-sources';
import { lockSourceItems, saveSourceItems } from '../source-items/source-item-store';
import {
  TransferState,
  decideCancelTransfer,
  decideReceiveTransfer,
  decideShipTransfer,
} from './decide-transfer';
import {
  insertTransfer,
  listTransfers,
  loadTransfer,
  toTransferView,
  updateTransfer,
} from './transfer-store';
import {
  ReceiveTransferRequest,
  ShipTransferRequest,
  TransferList,
  TransferView,
  TransfersQuery,
} from './transfers.dto';

/**
 * Transfers in transit: each step (ship, receive, cancel) changes the transfer, the source items it
 * moves, their movements and its events in one transaction. Requests for one transfer take turns
 * on its row; the same transferId or receiptId sent again answers what it did the first time.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  async ship(request: ShipTransferRequest): Promise<TransferView> {
    return this.unitOfWork.run(async (scope) => {
      const { tx } = scope;
      // Requests with one transferId take turns, so a replay sees the first one's transfer.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('transfer'), hashtext($1))`, [
        request.transferId,
      ]);
      const existing = await tx.query(`SELECT request FROM transfers WHERE transfer_id = $1`, [
        request.transferId,
      ]);
      if (existing.length) {
        assertSameRequest(existing[0].request, request, {
          field: 'transferId',
          code: 'transfer_id_reused',
          what: 'transfer',
        });
        return { ...(await this.view(tx, request.transferId)), alreadyApplied: true };
      }
      await rejectUnknownSources(tx, [
        { code: request.fromSourceCode, field: 'fromSourceCode' },
        { code: request.toSourceCode, field: 'toSourceCode' },
      ]);
      const stored = await lockSourceItems(
        tx,
        request.items.map(({ sku }) => ({ sku, sourceCode: request.fromSourceCode })),
      );
      const { transfer, origin } = decideShipTransfer(stored, {
        ...request,
        expectedAt: request.expectedAt ?? null,
      });
      await insertTransfer(tx, transfer, storedRequest(request));
      await saveSourceItems(scope, origin, {
        decidedOn: stored,
        reason: 'transfer',
        transferId: transfer.transferId,
        movement: { reason: 'transfer_shipped' },
      });
      await this.publish(scope, 'TransferShipped', transfer.transferId, {
        transferId: transfer.transferId,
        fromSourceCode: transfer.fromSourceCode,
        toSourceCode: transfer.toSourceCode,
        items: request.items.map(({ sku, qty }) => ({ sku, qty })),
        expectedAt: transfer.expectedAt,
      });
      return toTransferView(transfer);
    });
  }

  async receive(transferId: string, request: ReceiveTransferRequest): Promise<TransferView> {
    return this.unitOfWork.run(async (scope) => {
      const { tx } = scope;
      const transfer = await this.locked(tx, transferId);
      const [earlier] = await tx.query(
        `SELECT transfer_id, request FROM transfer_receipts WHERE receipt_id = $1`,
        [request.receiptId],
      );
      if (earlier) {
        const asSent = { ...storedRequest(request), transferId };
        assertSameRequest({ ...earlier.request, transferId: earlier.transfer_id }, asSent, {
          field: 'receiptId',
          code: 'receipt_id_reused',
          what: 'receipt',
        });
        return { ...toTransferView(transfer), alreadyApplied: true };
      }
      const stored = await lockSourceItems(
        tx,
        request.items.map(({ sku }) => ({ sku, sourceCode: transfer.toSourceCode })),
      );
      const received = decideReceiveTransfer(transfer, stored, request);
      await tx.query(`INSERT INTO transfer_receipts (receipt_id, transfer_id, request) VALUES ($1, $2, $3)`, [
        request.receiptId,
        transferId,
        storedRequest(request),
      ]);
      await updateTransfer(tx, received.transfer);
      await saveSourceItems(scope, received.destination, {
        decidedOn: stored,
        reason: 'transfer',
        transferId,
        movement: { reason: 'transfer_received', referenceDocument: request.receiptId },
      });
      await this.publish(scope, 'TransferReceived', transferId, {
        transferId,
        receiptId: request.receiptId,
        toSourceCode: transfer.toSourceCode,
        items: request.items.map(({ sku, qty, damaged }) => ({ sku, qty, damaged: damaged ?? 0 })),
        status: received.transfer.status as 'partially_received' | 'received',
      });
      return toTransferView(received.transfer);
    });
  }

  async cancel(transferId: string): Promise<TransferView> {
    return this.unitOfWork.run(async (scope) => {
      const { tx } = scope;
      const transfer = await this.locked(tx, transferId);
      const stored = await lockSourceItems(
        tx,
        transfer.lines.map(({ sku }) => ({ sku, sourceCode: transfer.fromSourceCode })),
      );
      const canceled = decideCancelTransfer(transfer, stored);
      if (canceled.transfer === transfer) return { ...toTransferView(transfer), alreadyApplied: true };
      await updateTransfer(tx, canceled.transfer);
      if (canceled.origin.length)
        await saveSourceItems(scope, canceled.origin, {
          decidedOn: stored,
          reason: 'transfer',
          transferId,
          movement: { reason: 'transfer_canceled' },
        });
      await this.publish(scope, 'TransferCanceled', transferId, {
        transferId,
        fromSourceCode: transfer.fromSourceCode,
        toSourceCode: transfer.toSourceCode,
        items: canceled.returned,
      });
      return toTransferView(canceled.transfer);
    });
  }

  async get(transferId: string): Promise<TransferView> {
    return this.view(this.dataSource.manager, transferId);
  }

  list(query: TransfersQuery): Promise<TransferList> {
    return listTransfers(this.dataSource, query);
  }

  private async view(tx: EntityManager, transferId: string): Promise<TransferView> {
    const transfer = await loadTransfer(tx, transferId, { lock: false });
    if (!transfer) throw notFound(transferId);
    return toTransferView(transfer);
  }

  private async locked(tx: EntityManager, transferId: string): Promise<TransferState> {
    const transfer = await loadTransfer(tx, transferId, { lock: true });
    if (!transfer) throw notFound(transferId);
    return transfer;
  }

  private async publish<T extends 'TransferShipped' | 'TransferReceived' | 'TransferCanceled'>(
    { tx, publish }: TransactionScope,
    type: T,
    transferId: string,
    data: Omit<Parameters<typeof createEvent<T>>[1], 'version'>,
  ): Promise<void> {
    const version = await nextCatalogVersion(tx);
    publish({
      event: createEvent(type, { ...data, version } as Parameters<typeof createEvent<T>>[1], {
        source: 'catalog-inventory',
      }),
      key: transferId,
    });
  }
}

const notFound = (transferId: string) =>
  ApiError.notFound('transfer_not_found', `Transfer "${transferId}" is not known`);
