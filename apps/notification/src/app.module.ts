import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CatalogViewHandler } from './catalog-view/catalog-view.handler';
import { EmailTemplates } from './email/email-templates';
import { Mailer } from './email/mailer';
import { NotificationsController } from './email/notifications.controller';
import { LowStockDigest } from './low-stock/low-stock-digest';
import { LowStockRecomputer } from './low-stock/low-stock-recompute';
import { LowStockController } from './low-stock/low-stock.controller';
import { LowStockReportService } from './low-stock/low-stock-report.service';
import { CreateNotification1700000000400 } from './migrations/1700000000400-create-notification';
import { LowStockAndAlerts1700000000410 } from './migrations/1700000000410-low-stock-and-alerts';
import { SalabilitySequence1700000000420 } from './migrations/1700000000420-salability-sequence';
import {
  EMAIL_TEMPLATES,
  NOTIFICATION_CONFIG,
  NotificationConfig,
  loadNotificationConfig,
} from './notification-config';
import { SalabilityController } from './salability/salability.controller';
import { SalabilityHandler } from './salability/salability.handler';
import { StockAlertsController } from './stock-alerts/stock-alerts.controller';
import { BackInStockDemandController, BackInStockDemandService } from './stock-alerts/back-in-stock-demand';
import { StockAlertsService } from './stock-alerts/stock-alerts.service';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.notification,
      migrations: [
        CreateNotification1700000000400,
        LowStockAndAlerts1700000000410,
        SalabilitySequence1700000000420,
      ],
    }),
  ],
  controllers: [
    SalabilityController,
    LowStockController,
    StockAlertsController,
    BackInStockDemandController,
    NotificationsController,
    SalabilityHandler,
    CatalogViewHandler,
  ],
  providers: [
    { provide: NOTIFICATION_CONFIG, useFactory: () => loadNotificationConfig() },
    {
      provide: EMAIL_TEMPLATES,
      useFactory: (config: NotificationConfig) => new EmailTemplates(config.NOTIFICATION_TEMPLATES_DIR),
      inject: [NOTIFICATION_CONFIG],
    },
    Mailer,
    LowStockReportService,
    LowStockDigest,
    LowStockRecomputer,
    StockAlertsService,
    BackInStockDemandService,
  ],
})
export class AppModule {}
