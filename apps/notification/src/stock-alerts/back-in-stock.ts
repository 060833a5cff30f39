import { createEvent } from '@inventory/contracts';
import { TransactionScope } from '@inventory/messaging';
import { enqueueEmails } from '../email/email-queue';
import { EmailTemplates } from '../email/email-templates';
import { NotificationConfig } from '../notification-config';
import { unsubscribeUrl } from './unsubscribe-link';

/**
 * The SKU turned salable on a stock: every active subscription on that stock's channels gets one
 * email and is marked notified, in the transaction that records the salability, so a subscriber
 * is told exactly once. Returns how many emails were queued.
 */
export async function notifyBackInStock(
  { tx, publish }: TransactionScope,
  { templates, config }: { templates: EmailTemplates; config: NotificationConfig },
  salable: { stockId: number; sku: string; salableQty: number | null },
): Promise<number> {
  const subscriptions: { id: string; email: string; sales_channel: string }[] = await tx.query(
    `SELECT s.id, s.email, s.sales_channel FROM stock_alert_subscriptions s
       JOIN stock_channels c ON c.sales_channel = s.sales_channel AND c.stock_id = $1
      WHERE s.status = 'active' AND s.sku = $2
      ORDER BY s.created_at FOR UPDATE OF s`,
    [salable.stockId, salable.sku],
  );
  if (!subscriptions.length) return 0;
  const ids = await enqueueEmails(
    tx,
    subscriptions.map((subscription) => ({
      kind: 'back-in-stock' as const,
      recipients: [subscription.email],
      sku: salable.sku,
      content: templates.render('back-in-stock', {
        sku: salable.sku,
        salesChannel: subscription.sales_channel,
        salableQty: salable.salableQty,
        unsubscribeUrl: unsubscribeUrl(
          config.NOTIFICATION_PUBLIC_URL,
          config.NOTIFICATION_SECRET,
          subscription.id,
        ),
      }),
    })),
  );
  await tx.query(
    `UPDATE stock_alert_subscriptions s SET status = 'notified', notified_at = now(), email_id = n.email_id
       FROM unnest($1::uuid[], $2::uuid[]) AS n(id, email_id) WHERE s.id = n.id`,
    [subscriptions.map((s) => s.id), ids],
  );
  const byChannel = new Map<string, string[]>();
  for (const s of subscriptions)
    byChannel.set(s.sales_channel, [...(byChannel.get(s.sales_channel) ?? []), s.email]);
  publish(
    ...[...byChannel].map(([salesChannel, recipients]) => ({
      event: createEvent(
        'BackInStockNotified',
        { sku: salable.sku, salesChannel, recipients },
        { source: 'notification' },
      ),
      key: salable.sku,
    })),
  );
  return subscriptions.length;
}
