import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { createEvent } from '@inventory/contracts';
import { UnitOfWork } from '@inventory/messaging';
import { ApiError } from '@inventory/service-runtime';
import { DataSource } from 'typeorm';
import { knownSources } from '../catalog-view/catalog-view';
import { assertRefundable, requireOrder } from '../orders/order-access';
import { orderKits } from '../orders/order-kits';
import { OrderRow } from '../orders/order-view';
import { expandKitLines, unitsBySku } from '@inventory/order-lines';
import { addToLines, readOrderLines } from '../orders/order-store';
import { CreateCreditMemoRequest, CreditMemoView } from './credit-memo.dto';
import { insertCreditMemo, readCreditMemos, unreturnedShipments } from './credit-memo-store';
import { decideCreditMemo } from './decide-credit-memo';

@Injectable()
export class CreditMemosService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Records a credit memo and publishes CreditMemoCreated in the same transaction. The catalog puts
   * returned units back on their source; the reservation service gives back the reservation of
   * refunded units that never shipped.
   */
  async create(request: CreateCreditMemoRequest): Promise<{ creditMemo: CreditMemoView; created: boolean }> {
    return this.unitOfWork.run(async ({ tx, publish }) => {
      const order = await requireOrder(tx, request.orderId, true);
      if (request.creditMemoId) {
        const [existing] = await readCreditMemos(tx, { creditMemoId: request.creditMemoId });
        if (existing) return { creditMemo: this.sameOrRefuse(existing, request, order), created: false };
      }
      assertRefundable(order);
      const named = request.items.flatMap((item) => (item.sourceCode ? [item.sourceCode] : []));
      const sources = await knownSources(tx, named);
      const shippedFrom = await unreturnedShipments(tx, request.orderId);
      const decision = decideCreditMemo(request.items, {
        orderId: request.orderId,
        lines: await readOrderLines(tx, request.orderId),
        shippedFrom: (sku) => shippedFrom.get(sku) ?? [],
        sourceExists: (code) => sources.has(code),
        kits: orderKits(order),
      });

      const creditMemoId = request.creditMemoId ?? randomUUID();
      await insertCreditMemo(tx, { creditMemoId, orderId: request.orderId, lines: decision.lines });
      await addToLines(tx, request.orderId, 'refunded', unitsBySku(decision.lines));
      await addToLines(
        tx,
        request.orderId,
        'refunded_unshipped',
        unitsBySku(decision.lines.filter((line) => line.shipped === false)),
      );
      await addToLines(
        tx,
        request.orderId,
        'returned_to_stock',
        unitsBySku(decision.lines.filter((line) => line.returnToStock)),
      );
      publish({
        event: createEvent(
          'CreditMemoCreated',
          { creditMemoId, orderId: request.orderId, items: decision.lines },
          { source: 'fulfillment' },
        ),
        key: request.orderId,
      });
      const [creditMemo] = await readCreditMemos(tx, { creditMemoId });
      return { creditMemo, created: true };
    });
  }

  async get(creditMemoId: string): Promise<CreditMemoView> {
    const [memo] = await readCreditMemos(this.dataSource.manager, { creditMemoId });
    if (!memo) throw ApiError.notFound('credit_memo_not_found', `Credit memo "${creditMemoId}" is not known`);
    return memo;
  }

  /** A retried request answers with the memo it made; another request with the same id is refused. */
  private sameOrRefuse(
    existing: CreditMemoView,
    request: CreateCreditMemoRequest,
    order: OrderRow,
  ): CreditMemoView {
    const refunded = (items: readonly { sku: string; qty: number }[]) =>
      [...unitsBySku(items)].sort().join('|');
    const asked = expandKitLines(request.items, orderKits(order));
    if (existing.orderId === request.orderId && refunded(existing.items) === refunded(asked)) return existing;
    throw ApiError.forFields(HttpStatus.CONFLICT, 'credit_memo_exists', 'Another credit memo has this id', [
      { field: 'creditMemoId', problems: [`credit memo "${existing.creditMemoId}" exists with other items`] },
    ]);
  }
}
