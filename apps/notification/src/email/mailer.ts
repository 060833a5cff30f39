import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../background-loop';
import { NOTIFICATION_CONFIG, NotificationConfig } from '../notification-config';
import { LoopHealth } from '@inventory/observability';

interface EmailRow {
  id: string;
  recipients: string[];
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number;
}

/** SMTP replies 5xx are final (no such mailbox, refused): retrying cannot help. */
const isPermanent = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/** Waits base·2^attempt, at most max: 2 s, 4 s, 8 s … 10 min with the defaults. */
export const retryDelayMs = (attempt: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));

/**
 * Delivers queued emails over SMTP. Each email is sent inside a transaction that holds its row
 * (FOR UPDATE SKIP LOCKED), so instances never send the same one, and it is marked sent in that
 * transaction. A failure leaves it queued with the error and a later attempt time; an SMTP
 * rejection (5xx) marks it failed. Its Message-ID is fixed by its id, so the one case left, a crash
 * between the server's OK and the commit, is a resend the receiving side can recognise.
 */
@Injectable()
export class Mailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter;
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    loops: LoopHealth,
  ) {
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 15_000,
    });
    this.loop = new BackgroundLoop('mailer', () => this.deliverDue(), config.MAIL_POLL_MS, loops);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Sends what is due now rather than at the next poll (after a transaction queued emails). */
  kick(): void {
    this.loop.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    this.transport.close();
  }

  /** Sends every email that is due, one at a time, until none is left or the service stops. */
  async deliverDue(): Promise<void> {
    while (!this.loop.isStopped && (await this.deliverOne())) {
      // next
    }
  }

  private deliverOne(): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const [email]: EmailRow[] = await tx.query(
        `SELECT id, recipients, subject, text_body, html_body, attempts FROM emails
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!email) return false;
      try {
        await this.transport.sendMail({
          from: this.config.MAIL_FROM,
          to: email.recipients,
          subject: email.subject,
          text: email.text_body,
          html: email.html_body ?? undefined,
          messageId: `<${email.id}@inventory-notification>`,
        });
        await tx.query(
          `UPDATE emails SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`,
          [email.id],
        );
      } catch (error) {
        const message = (error as Error).message;
        const permanent = isPermanent(error);
        const delay = retryDelayMs(
          email.attempts,
          this.config.MAIL_RETRY_BASE_MS,
          this.config.MAIL_RETRY_MAX_MS,
        );
        this.logger.warn(
          `email ${email.id} attempt ${email.attempts + 1} failed${permanent ? ' for good' : `, retry in ${delay} ms`}: ${message}`,
        );
        await tx.query(
          `UPDATE emails SET attempts = attempts + 1, last_error = $2,
                  status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
                  next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
            WHERE id = $1`,
          [email.id, message.slice(0, 2000), permanent, delay],
        );
        // A failed attempt ends this pass: the next comes at the next poll, so an SMTP outage is
        // not hammered.
        return false;
      }
      return true;
    });
  }
}
