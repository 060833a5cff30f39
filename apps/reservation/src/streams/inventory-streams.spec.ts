import { EventStore } from '@inventory/event-store';
import { InventoryStreams } from './inventory-streams';

describe('InventoryStreams on an event store', () => {
  it('refuses to run where multi-stream appends are not atomic, saying why and what to use', () => {
    // Only the declared capability is read: the constructor refuses before any stream is touched.
    const streamByStream = { atomicMultiStreamAppends: false } as EventStore;
    expect(() => new InventoryStreams(streamByStream)).toThrow(
      /multi-stream appends are not atomic.*EVENT_STORE=postgres/,
    );
  });
});
