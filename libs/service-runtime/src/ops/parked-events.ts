import { ApiProperty } from '@nestjs/swagger';

/**
 * An event a projection could not apply after its retries: set aside with its error so the rest
 * go on (a poison event must never stop the projection for everybody), listed beside the dead
 * letters and applied again on request once the cause is fixed.
 */
export class ParkedEventView {
  @ApiProperty({ example: '3' }) readonly id!: string;
  @ApiProperty({ example: 'salable-quantity' }) readonly projection!: string;
  @ApiProperty({ example: 'sku-HDB-001' }) readonly streamId!: string;
  @ApiProperty({ example: 12 }) readonly revision!: number;
  @ApiProperty({ example: '845:1203' }) readonly position!: string;
  @ApiProperty() readonly eventId!: string;
  @ApiProperty({ example: 'SourceItemsRecorded' }) readonly eventType!: string;
  @ApiProperty({
    example: 'projection_failed',
    description:
      'projection_failed (this event failed), or stream_parked (an earlier event of its stream is parked)',
  })
  readonly reason!: string;
  @ApiProperty() readonly error!: string;
  @ApiProperty({ example: 5 }) readonly attempts!: number;
  @ApiProperty() readonly parkedAt!: string;
}

export interface RedriveOutcome {
  /** Applied now, in stream order, and no longer parked. */
  readonly applied: readonly ParkedEventView[];
  /** Still parked: the first failed again (its error updated) and those after it wait. */
  readonly stillParked: readonly ParkedEventView[];
}

/** Where a service keeps what its projections parked (the reservation service's salable projection). */
export interface ParkedEvents {
  /** The oldest first, at most 1,000. */
  list(): Promise<ParkedEventView[]>;
  count(): Promise<number>;
  /** Applies the parked event's stream again from it on; undefined when there is no such parked event. */
  redrive(id: string): Promise<RedriveOutcome | undefined>;
}

export const PARKED_EVENTS = Symbol('PARKED_EVENTS');
