import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@inventory/messaging';
import { EntityManager } from 'typeorm';
import { assertSameRequest, storedRequest } from '../idempotency/request-replay';
import { effectiveSettings } from '../settings/settings.service';
import { rejectUnknownSources } from '../sources/known-sources';
import { lockSourceItems, saveSourceItems } from '../source-items/source-item-store';
import { AdjustmentAnswer, AdjustmentRequest } from './adjustments.dto';
import { decideAdjustment } from './decide-adjustment';

@Injectable()
export class AdjustmentsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /**
   * Applies an adjustment in one transaction: its changes, their movements and the SourceItemsSaved
   * events, and the answer recorded under its id. The same id sent again (a lost answer, a double
   * click) gets that answer and applies nothing; a refused adjustment records nothing, so it can be
   * sent again once the merchant has looked.
   */
  async adjust(request: AdjustmentRequest): Promise<AdjustmentAnswer> {
    return this.unitOfWork.run(async (scope) => {
      const earlier = await claim(scope.tx, request);
      if (earlier) return { ...earlier, alreadyApplied: true };
      const { changes } = request;
      await rejectUnknownSources(
        scope.tx,
        changes.map((change, index) => ({ code: change.sourceCode, field: `changes.${index}.sourceCode` })),
      );
      const stored = await lockSourceItems(scope.tx, changes);
      const settings = await effectiveSettings(scope.tx, [...new Set(changes.map((change) => change.sku))]);
      const after = decideAdjustment(
        stored,
        changes,
        (sku) => settings.get(sku)?.settings.isQtyDecimal ?? false,
      );
      const items = await saveSourceItems(scope, after, {
        reason: 'adjustment',
        adjustmentId: request.adjustmentId,
        decidedOn: stored,
        movement: {
          reason: request.reason,
          referenceDocument: request.referenceDocument ?? null,
          documentId: request.adjustmentId,
          note: request.note ?? null,
        },
      });
      const answer = { adjustmentId: request.adjustmentId, items };
      await scope.tx.query(`UPDATE adjustments SET answer = $2 WHERE adjustment_id = $1`, [
        request.adjustmentId,
        answer,
      ]);
      return answer;
    });
  }
}

/**
 * Takes the adjustment id for this transaction, or returns the answer of the adjustment that has
 * it. The row goes in first, so a concurrent request with the same id waits for this one to end.
 * The same id with other changes is a mistake the caller must hear about, not a silent replay.
 */
async function claim(tx: EntityManager, request: AdjustmentRequest): Promise<AdjustmentAnswer | undefined> {
  const claimed = await tx.query(
    `INSERT INTO adjustments (adjustment_id, request) VALUES ($1, $2)
     ON CONFLICT (adjustment_id) DO NOTHING RETURNING adjustment_id`,
    [request.adjustmentId, storedRequest(request)],
  );
  if (claimed.length) return undefined;
  const [stored] = await tx.query(`SELECT request, answer FROM adjustments WHERE adjustment_id = $1`, [
    request.adjustmentId,
  ]);
  assertSameRequest(stored.request, request, {
    field: 'adjustmentId',
    code: 'adjustment_id_reused',
    what: 'adjustment',
  });
  return stored.answer;
}
