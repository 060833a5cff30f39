import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventOf } from '@inventory/contracts';
import { inLockOrder, PositionedEvent, TransactionScope, UnitOfWork } from '@inventory/messaging';
import { EmailTemplates } from '../email/email-templates';
import { Mailer } from '../email/mailer';
import { EMAIL_TEMPLATES, NOTIFICATION_CONFIG, NotificationConfig } from '../notification-config';
import { notifyBackInStock } from '../stock-alerts/back-in-stock';

const SERVICE = 'notification';

/** Follows inventory.salable.v1: the salability every stock alert is decided against. */
@Controller()
export class SalabilityHandler {
  private readonly mail: { templates: EmailTemplates; config: NotificationConfig };

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mailer: Mailer,
    @Inject(EMAIL_TEMPLATES) templates: EmailTemplates,
    @Inject(NOTIFICATION_CONFIG) config: NotificationConfig,
  ) {
    this.mail = { templates, config };
  }

  /**
   * A fetched batch in one transaction (one commit, not one per change, so a backlog drains fast),
   * sorted by stock and SKU, stably: each SKU's changes keep their order and every batch takes the
   * rows of its SKUs in the same order, so two instances' batches cannot deadlock. Alone (a batch
   * that failed is handled again one by one), a change is a batch of one.
   */
  @EventPattern('SalableQuantityChanged', { group: SERVICE, batch: true })
  async salableChanged(@Payload() events: readonly PositionedEvent[]): Promise<void> {
    const effects = events.flatMap(({ event }) =>
      event.type === 'SalableQuantityChanged'
        ? [{ event, ...this.effectOf(event), key: `${event.data.stockId}\u0000${event.data.sku}` }]
        : [],
    );
    const items = inLockOrder(effects, (item) => item.key);
    await this.unitOfWork.runEachOnce(SERVICE, items);
    if (items.some((item) => item.queued())) this.mailer.kick();
  }

  private effectOf(event: EventOf<'SalableQuantityChanged'>) {
    const { stockId, sku, salableQty, isSalable, sequence } = event.data;
    let queued = 0;
    const work = async (scope: TransactionScope) => {
      // Events of one SKU arrive in order (key = SKU); the guard keeps an older change delivered
      // again (a re-drive) from overwriting newer state and alerting on it. Newer is the reservation
      // service's sequence; occurredAt, the publishing instance's clock, only for changes without one.
      const applied: unknown[] = await scope.tx.query(
        `INSERT INTO salability (stock_id, sku, salable_qty, is_salable, event_id, occurred_at, sequence)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (stock_id, sku) DO UPDATE
           SET salable_qty = $3, is_salable = $4, event_id = $5, occurred_at = $6, sequence = $7
           WHERE CASE WHEN $7::bigint IS NULL THEN salability.sequence IS NULL AND salability.occurred_at <= $6
                      ELSE salability.sequence IS NULL OR salability.sequence < $7 END
         RETURNING sku`,
        [stockId, sku, salableQty, isSalable, event.eventId, event.occurredAt, sequence ?? null],
      );
      if (applied.length && isSalable) {
        queued = await notifyBackInStock(scope, this.mail, { stockId, sku, salableQty });
      }
    };
    return { work, queued: () => queued > 0 };
  }
}
