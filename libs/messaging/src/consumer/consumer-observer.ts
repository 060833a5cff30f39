/** What a consumer reports as it goes (Prometheus counters in the services, nothing in tests). */
export interface ConsumerObserver {
  /** Messages taken off a partition and settled: handled, skipped as applied, or dead-lettered. */
  consumed(groupId: string, topic: string, messages: number): void;
  deadLettered(groupId: string, topic: string, reason: string): void;
}
