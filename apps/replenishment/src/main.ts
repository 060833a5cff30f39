import 'reflect-metadata';
import { runService } from '@inventory/service-runtime';
import { AppModule } from './app.module';

void runService(AppModule);
