import { Caller, mayActFor } from '@inventory/access-control';
import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { resolveSettings } from '@inventory/contracts';
import { ApiError } from '@inventory/service-runtime';
import { DataSource, EntityManager } from 'typeorm';
import { GLOBAL, storedSettings } from '../low-stock/low-stock-store';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../notification-config';
import { SubscribeRequest, SubscriptionStatus, SubscriptionView } from './subscription.dto';
import { isUnsubscribeToken } from './unsubscribe-link';

interface SubscriptionRow {
  id: string;
  email: string;
  sku: string;
  sales_channel: string;
  status: SubscriptionStatus;
  created_at: Date;
  notified_at: Date | null;
}

const toView = (row: SubscriptionRow): SubscriptionView => ({
  subscriptionId: row.id,
  email: row.email,
  sku: row.sku,
  salesChannel: row.sales_channel,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  notifiedAt: row.notified_at?.toISOString() ?? null,
});

const refuse = (status: HttpStatus, code: string, field: string, problem: string) =>
  ApiError.forFields(status, code, 'The subscription was refused', [{ field, problems: [problem] }]);

@Injectable()
export class StockAlertsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  /**
   * Subscribes to "tell me when it is back" for a SKU the channel cannot sell now, where the SKU
   * allows it. The same person, SKU and channel again is the same subscription (created: false).
   */
  async subscribe(request: SubscribeRequest): Promise<{ subscription: SubscriptionView; created: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const [channel]: { stock_id: number }[] = await tx.query(
        `SELECT stock_id FROM stock_channels WHERE sales_channel = $1`,
        [request.salesChannel],
      );
      if (!channel) {
        throw refuse(
          HttpStatus.NOT_FOUND,
          'sales_channel_not_found',
          'salesChannel',
          `"${request.salesChannel}" is not a sales channel of any stock`,
        );
      }
      await this.checkAllowed(tx, request.sku);
      await this.checkNotSalable(tx, channel.stock_id, request);
      const inserted: SubscriptionRow[] = await tx.query(
        `INSERT INTO stock_alert_subscriptions (id, email, sku, sales_channel, status) VALUES ($1, $2, $3, $4, 'active')
         ON CONFLICT (lower(email), sku, sales_channel) WHERE status = 'active' DO NOTHING RETURNING *`,
        [randomUUID(), request.email, request.sku, request.salesChannel],
      );
      if (inserted.length) return { subscription: toView(inserted[0]), created: true };
      const [existing]: SubscriptionRow[] = await tx.query(
        `SELECT * FROM stock_alert_subscriptions
          WHERE lower(email) = lower($1) AND sku = $2 AND sales_channel = $3 AND status = 'active'`,
        [request.email, request.sku, request.salesChannel],
      );
      return { subscription: toView(existing), created: false };
    });
  }

  /** The subscription; 404 too when `caller`'s key is scoped to other sales channels. */
  async get(subscriptionId: string, caller?: Caller): Promise<SubscriptionView> {
    const [row]: SubscriptionRow[] = await this.dataSource.query(
      `SELECT * FROM stock_alert_subscriptions WHERE id = $1`,
      [subscriptionId],
    );
    if (!row || !mayActFor(caller, row.sales_channel))
      throw ApiError.notFound('subscription_not_found', `Subscription "${subscriptionId}" is not known`);
    return toView(row);
  }

  /** Ends an active subscription; one already notified or ended stays as it is. */
  async unsubscribe(subscriptionId: string, caller?: Caller): Promise<SubscriptionView> {
    await this.get(subscriptionId, caller);
    await this.dataSource.query(
      `UPDATE stock_alert_subscriptions SET status = 'unsubscribed' WHERE id = $1 AND status = 'active'`,
      [subscriptionId],
    );
    return this.get(subscriptionId, caller);
  }

  /** The link in the email: the token proves the email's reader holds the subscription. */
  async unsubscribeByLink(subscriptionId: string, token: string): Promise<SubscriptionView> {
    if (!isUnsubscribeToken(this.config.NOTIFICATION_SECRET, subscriptionId, token)) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        'invalid_unsubscribe_token',
        'This unsubscribe link is not valid',
      );
    }
    return this.unsubscribe(subscriptionId);
  }

  private async checkAllowed(tx: EntityManager, sku: string): Promise<void> {
    const { settings } = resolveSettings(await storedSettings(tx, GLOBAL), await storedSettings(tx, sku));
    if (!settings.allowBackInStockSubscriptions) {
      throw refuse(
        HttpStatus.CONFLICT,
        'subscriptions_not_allowed',
        'sku',
        `"${sku}" does not allow back-in-stock subscriptions`,
      );
    }
  }

  /**
   * Only a SKU the channel cannot sell now. The salability row is held (FOR SHARE) until the
   * subscription commits, so a SalableQuantityChanged processed at the same moment either comes
   * first (and this is refused) or waits and then sees the subscription and notifies it.
   */
  private async checkNotSalable(
    tx: EntityManager,
    stockId: number,
    request: SubscribeRequest,
  ): Promise<void> {
    const [salability]: { is_salable: boolean }[] = await tx.query(
      `SELECT is_salable FROM salability WHERE stock_id = $1 AND sku = $2 FOR SHARE`,
      [stockId, request.sku],
    );
    if (salability?.is_salable) {
      throw refuse(
        HttpStatus.CONFLICT,
        'sku_is_salable',
        'sku',
        `"${request.sku}" can be bought on "${request.salesChannel}" now`,
      );
    }
    if (!salability) {
      const [known] = await tx.query(`SELECT 1 FROM source_items WHERE sku = $1 LIMIT 1`, [request.sku]);
      if (!known)
        throw refuse(HttpStatus.NOT_FOUND, 'sku_not_found', 'sku', `"${request.sku}" is not a known SKU`);
    }
  }
}
