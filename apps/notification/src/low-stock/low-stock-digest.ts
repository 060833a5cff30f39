import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@inventory/messaging';
import { CronJob } from 'cron';
import { enqueueEmails } from '../email/email-queue';
import { EmailTemplates } from '../email/email-templates';
import { Mailer } from '../email/mailer';
import { EMAIL_TEMPLATES, NOTIFICATION_CONFIG, NotificationConfig } from '../notification-config';
import { DigestResult } from './low-stock-report.dto';

/** Lines listed in one digest; the rest are counted ("… and 1,234 more"). */
const LISTED = 500;
/** pg_advisory_xact_lock key: one digest at a time across instances. */
const DIGEST_LOCK = 0x10_57_0c;

/**
 * The admin's low-stock email: on LOW_STOCK_DIGEST_CRON (every 15 minutes by default) the
 * crossings since the last digest go out as one email to LOW_STOCK_EMAIL_TO. Nothing crossed,
 * nothing sent. The email is queued in the transaction that marks the crossings digested, so each
 * crossing is in exactly one digest.
 */
@Injectable()
export class LowStockDigest implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LowStockDigest.name);
  private job?: CronJob;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mailer: Mailer,
    @Inject(EMAIL_TEMPLATES) private readonly templates: EmailTemplates,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.LOW_STOCK_EMAIL_TO.length) {
      this.logger.log('LOW_STOCK_EMAIL_TO is empty: no low-stock digest will be sent');
      return;
    }
    this.job = CronJob.from({
      cronTime: this.config.LOW_STOCK_DIGEST_CRON,
      onTick: () =>
        void this.send().catch((error: Error) => this.logger.error(`digest failed: ${error.message}`)),
      start: true,
      waitForCompletion: true,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }

  /** Queues a digest of the crossings not yet reported, if any (also POST /reports/low-stock/digest). */
  async send(): Promise<DigestResult> {
    const recipients = this.config.LOW_STOCK_EMAIL_TO;
    const result = await this.unitOfWork.run(async ({ tx }): Promise<DigestResult> => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [DIGEST_LOCK]);
      const [{ count, last }]: { count: number; last: string | null }[] = await tx.query(
        `SELECT count(*)::int AS count, max(id) AS last FROM low_stock_crossings WHERE email_id IS NULL`,
      );
      if (count === 0 || !recipients.length) return { emailId: null, crossings: count, recipients };
      const listed: {
        sku: string;
        source_code: string;
        quantity: string;
        notify_stock_qty: string;
        crossed_at: Date;
      }[] = await tx.query(
        `SELECT * FROM low_stock_crossings WHERE email_id IS NULL AND id <= $1 ORDER BY id LIMIT ${LISTED}`,
        [last],
      );
      const content = this.templates.render('low-stock-digest', {
        count,
        plural: count !== 1,
        more: count > listed.length ? count - listed.length : 0,
        reportUrl: `${this.config.NOTIFICATION_PUBLIC_URL}/reports/low-stock`,
        items: listed.map((row) => ({
          sku: row.sku,
          sourceCode: row.source_code,
          quantity: Number(row.quantity),
          notifyStockQty: Number(row.notify_stock_qty),
          crossedAt: row.crossed_at.toISOString(),
        })),
      });
      const [emailId] = await enqueueEmails(tx, [{ kind: 'low-stock-digest', recipients, content }]);
      await tx.query(`UPDATE low_stock_crossings SET email_id = $1 WHERE email_id IS NULL AND id <= $2`, [
        emailId,
        last,
      ]);
      return { emailId, crossings: count, recipients };
    });
    if (result.emailId) this.mailer.kick();
    return result;
  }
}
