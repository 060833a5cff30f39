import { Module } from '@nestjs/common';
import { SERVICES, ServiceRuntimeModule } from '@inventory/service-runtime';
import { CreateNotification1700000000400 } from './migrations/1700000000400-create-notification';
import { SalabilityController } from './salability/salability.controller';
import { SalabilityHandler } from './salability/salability.handler';

@Module({
  imports: [
    ServiceRuntimeModule.forService({
      ...SERVICES.notification,
      migrations: [CreateNotification1700000000400],
    }),
  ],
  controllers: [SalabilityController],
  providers: [SalabilityHandler],
})
export class AppModule {}
