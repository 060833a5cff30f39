import { IsEmailAddress } from '@inventory/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsCode } from '@inventory/contracts';
import { Access, PageQuery } from '@inventory/service-runtime';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { EMAIL_KINDS, EmailKind } from './email-templates';

const STATUSES = ['pending', 'sent', 'failed'] as const;

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EMAIL_KINDS }) @IsOptional() @IsIn(EMAIL_KINDS) readonly kind?: EmailKind;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) readonly status?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmailAddress() readonly recipient?: string;
  @ApiPropertyOptional() @IsOptional() @IsCode() readonly sku?: string;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ enum: EMAIL_KINDS }) readonly kind!: string;
  @ApiProperty({ type: [String] }) readonly recipients!: string[];
  @ApiProperty() readonly subject!: string;
  @ApiProperty({ type: String, nullable: true }) readonly sku!: string | null;
  @ApiProperty({
    enum: STATUSES,
    description: 'pending: queued or being retried; failed: the server refused it for good',
  })
  readonly status!: string;
  @ApiProperty() readonly attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last delivery error' }) readonly lastError!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) readonly nextAttemptAt!: string | null;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) readonly sentAt!: string | null;
}

export class NotificationList {
  @ApiProperty({ type: [NotificationView] }) readonly items!: NotificationView[];
  @ApiProperty() readonly total!: number;
}

interface EmailRow {
  id: string;
  kind: string;
  recipients: string[];
  subject: string;
  sku: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  created_at: Date;
  sent_at: Date | null;
}

@ApiTags('notifications')
@Access('admin', 'ops')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly dataSource: DataSource) {}

  /** What was sent (or is still being tried), to whom, when, and the delivery errors; newest first. */
  @Get()
  @ApiOkResponse({ type: NotificationList })
  async list(@Query() query: NotificationsQuery): Promise<NotificationList> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.recipient)
      where.push(
        `EXISTS (SELECT 1 FROM unnest(recipients) r WHERE lower(r) = $${params.push(query.recipient.toLowerCase())})`,
      );
    if (query.sku) where.push(`sku = $${params.push(query.sku)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM emails';
    const [rows, [{ total }]]: [EmailRow[], { total: number }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT * ${from} ${filter} ORDER BY created_at DESC, id LIMIT ${query.limit ?? 100} OFFSET ${query.offset ?? 0}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS total ${from} ${filter}`, params),
    ]);
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        recipients: row.recipients,
        subject: row.subject,
        sku: row.sku,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
      })),
    };
  }
}
