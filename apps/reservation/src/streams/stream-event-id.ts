import { createHash } from 'node:crypto';

/**
 * A name-based (version 5 style) UUID: the same cause appending to the same stream gets the same
 * event ids, so a redelivered Kafka message or a retried request is recognised by the event store
 * as already recorded instead of being applied twice.
 */
export function streamEventId(causationId: string, streamId: string, index: number): string {
  const hash = createHash('sha1').update(`${causationId}\u0000${streamId}\u0000${index}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
