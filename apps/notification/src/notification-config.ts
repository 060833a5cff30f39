import { IsEmailAddress } from '@inventory/contracts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { validateCronExpression } from 'cron';
import { validateConfig } from '@inventory/service-runtime';

export const NOTIFICATION_CONFIG = Symbol('NOTIFICATION_CONFIG');
export const EMAIL_TEMPLATES = Symbol('EMAIL_TEMPLATES');

@ValidatorConstraint({ name: 'cron' })
class IsCronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && validateCronExpression(value).valid;
  }
  defaultMessage(): string {
    return '$property must be a cron expression such as "*/15 * * * *"';
  }
}

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

/** SMTP, recipients, schedule and links of the notification service (the names are the variables). */
export class NotificationConfig {
  @IsString() @IsNotEmpty() readonly SMTP_HOST!: string;
  @IsInt() @Min(1) @Max(65535) readonly SMTP_PORT!: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  @IsBoolean() readonly SMTP_SECURE!: boolean;
  @IsOptional() @IsString() readonly SMTP_USER?: string;
  @IsOptional() @IsString() readonly SMTP_PASSWORD?: string;
  @IsString() @IsNotEmpty() readonly MAIL_FROM!: string;
  /** Who gets the low-stock digest; none: no digest is sent (the report still works). */
  @Transform(list) @IsEmailAddress({ each: true }) readonly LOW_STOCK_EMAIL_TO!: string[];
  @Validate(IsCronExpression) readonly LOW_STOCK_DIGEST_CRON!: string;
  /** Where unsubscribe links point: this service as customers reach it. */
  @IsUrl({ require_tld: false }) readonly NOTIFICATION_PUBLIC_URL!: string;
  /** Signs unsubscribe links. */
  @IsString() @IsNotEmpty() readonly NOTIFICATION_SECRET!: string;
  @IsString() @IsNotEmpty() readonly NOTIFICATION_TEMPLATES_DIR!: string;
  @IsInt() @Min(10) readonly MAIL_RETRY_BASE_MS!: number;
  @IsInt() @Min(10) readonly MAIL_RETRY_MAX_MS!: number;
  @IsInt() @Min(10) readonly MAIL_POLL_MS!: number;
}

/** apps/notification/templates, found from the sources (jest) or from dist/. */
function defaultTemplatesDir(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'apps', 'notification', 'templates');
    if (existsSync(candidate)) return candidate;
  }
  return path.resolve('apps/notification/templates');
}

/** Good enough to try the service on a laptop; anyone can read it here, so never in production. */
const DEVELOPMENT_SECRET = 'dev-only-secret-set-NOTIFICATION_SECRET';

export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  const secret = env.NOTIFICATION_SECRET ?? DEVELOPMENT_SECRET;
  if (env.NODE_ENV === 'production' && (secret === DEVELOPMENT_SECRET || secret.length < 32)) {
    // Anyone could forge unsubscribe links with the published default.
    throw new Error(
      'Invalid configuration: NOTIFICATION_SECRET: set it to a random string of at least 32 characters in production',
    );
  }
  return validateConfig(NotificationConfig, {
    SMTP_HOST: env.SMTP_HOST ?? '127.0.0.1',
    SMTP_PORT: Number(env.SMTP_PORT ?? 1025),
    SMTP_SECURE: (env.SMTP_SECURE ?? 'false') === 'true',
    SMTP_USER: env.SMTP_USER,
    SMTP_PASSWORD: env.SMTP_PASSWORD,
    MAIL_FROM: env.MAIL_FROM ?? 'Inventory <inventory@localhost>',
    LOW_STOCK_EMAIL_TO: env.LOW_STOCK_EMAIL_TO ?? '',
    LOW_STOCK_DIGEST_CRON: env.LOW_STOCK_DIGEST_CRON ?? '*/15 * * * *',
    NOTIFICATION_PUBLIC_URL:
      env.NOTIFICATION_PUBLIC_URL ?? `http://127.0.0.1:${env.NOTIFICATION_PORT ?? env.PORT ?? 3004}`,
    NOTIFICATION_SECRET: secret,
    NOTIFICATION_TEMPLATES_DIR: env.NOTIFICATION_TEMPLATES_DIR ?? defaultTemplatesDir(),
    MAIL_RETRY_BASE_MS: Number(env.MAIL_RETRY_BASE_MS ?? 2_000),
    MAIL_RETRY_MAX_MS: Number(env.MAIL_RETRY_MAX_MS ?? 600_000),
    MAIL_POLL_MS: Number(env.MAIL_POLL_MS ?? 1_000),
  });
}
