import { IsISO8601, IsInt, IsNotEmpty, IsObject, IsUUID, Min } from 'class-validator';
import { Nullable } from './nullable';
import { IsText } from './text';

/** The JSON value of every Kafka message, on every topic (docs/events.md). */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  readonly eventId: string;
  readonly type: TType;
  readonly version: number;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly source: string;
  readonly data: TData;
}

/** Validates the envelope fields; `data` is validated by the class registered for `type`. */
export class EnvelopeSchema implements EventEnvelope<string, object> {
  @IsUUID() readonly eventId!: string;
  @IsText(100) @IsNotEmpty() readonly type!: string;
  @IsInt() @Min(1) readonly version!: number;
  @IsISO8601({ strict: true }) readonly occurredAt!: string;
  @IsText(255) @IsNotEmpty() readonly correlationId!: string;
  @Nullable() @IsText(255) @IsNotEmpty() readonly causationId!: string | null;
  @IsText(100) @IsNotEmpty() readonly source!: string;
  @IsObject() readonly data!: object;
}

/** Kafka headers that repeat envelope fields so brokers' tools can filter without parsing JSON. */
export const HEADER = {
  eventType: 'event-type',
  eventId: 'event-id',
  correlationId: 'correlation-id',
} as const;
