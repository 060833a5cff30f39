import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EmailKind, RenderedEmail } from './email-templates';

export interface QueuedEmail {
  readonly kind: EmailKind;
  readonly recipients: readonly string[];
  readonly content: RenderedEmail;
  readonly sku?: string;
}

/**
 * Queues emails in the caller's transaction: they exist (and will be delivered) exactly when the
 * decision to send them commits. Returns their ids, in order.
 */
export async function enqueueEmails(tx: EntityManager, emails: readonly QueuedEmail[]): Promise<string[]> {
  if (!emails.length) return [];
  const ids = emails.map(() => randomUUID());
  await tx.query(
    `INSERT INTO emails (id, kind, recipients, subject, text_body, html_body, sku)
     SELECT id, kind, string_to_array(recipients, ','), subject, text_body, html_body, sku
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS e(id, kind, recipients, subject, text_body, html_body, sku)`,
    [
      ids,
      emails.map((e) => e.kind),
      emails.map((e) => e.recipients.join(',')),
      emails.map((e) => e.content.subject),
      emails.map((e) => e.content.text),
      emails.map((e) => e.content.html),
      emails.map((e) => e.sku ?? null),
    ],
  );
  return ids;
}
