import 'reflect-metadata';
import { runService } from '@inventory/service-runtime';
import { AppModule } from './app.module';

void runService(AppModule).catch((error) => {
  console.error('catalog-inventory failed to start', error);
  process.exit(1);
});
