import { Module } from '@nestjs/common';
import { RESERVATION_INFRASTRUCTURE } from '../app.module';
import { InventoryStreams } from '../streams/inventory-streams';
import { InventoryAudit } from './audit/inventory-audit';
import { ReservationSnapshotReader } from './audit/reservation-snapshot';
import { Republisher } from './republisher';
import { SalableStateRepublisher } from './salable-state-republisher';
import { SalableQuantityReplay } from './salable-quantity-replay';

/** What the ops CLI needs: the service's database and event store and a Kafka publisher, no consumers. */
@Module({
  imports: RESERVATION_INFRASTRUCTURE,
  providers: [
    SalableQuantityReplay,
    Republisher,
    SalableStateRepublisher,
    ReservationSnapshotReader,
    InventoryStreams,
    InventoryAudit,
  ],
})
export class OpsModule {}
