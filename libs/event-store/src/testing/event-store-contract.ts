import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventStore,
  NewEvent,
  Position,
  RecordedEvent,
  Subscription,
  WrongExpectedRevisionError,
  comparePositions,
} from '../event-store';

export interface ContractOptions {
  /** False where the server cannot append to several streams atomically (documented fallback). */
  readonly atomicMultiStreamAppend: boolean;
  /** False where the server deduplicates retries silently and does not check ids across streams. */
  readonly strictEventIdChecks: boolean;
}

const newEvent = (type = 'Tested', data: unknown = {}): NewEvent => ({ eventId: randomUUID(), type, data });
const events = (count: number, type = 'Tested') =>
  Array.from({ length: count }, (_, i) => newEvent(type, { i }));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function conflictOf(append: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  try {
    await append;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return error;
    throw error;
  }
  throw new Error('expected a WrongExpectedRevisionError');
}

/**
 * The behaviour every EventStore adapter must have. Each adapter's integration test calls this
 * with a way to get a store connected to a real server.
 */
export function describeEventStoreContract(
  adapter: string,
  connect: () => Promise<EventStore>,
  options: ContractOptions,
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    const stream = (name = 'stream') => `contract-${name}-${randomUUID()}`;

    beforeAll(async () => {
      store = await connect();
    });

    afterAll(async () => {
      await store?.close();
    });

    describe('appending and reading a stream', () => {
      it('numbers events from revision 0 and reads them back in order', async () => {
        const id = stream();
        const written = events(3);
        await expect(store.appendToStream(id, written, { expectedRevision: 'no_stream' })).resolves.toEqual({
          nextRevision: 2,
          appended: true,
        });
        const read = await store.readStream(id);
        expect(read.map((e) => [e.revision, e.eventId, e.type, e.data])).toEqual(
          written.map((e, i) => [i, e.eventId, e.type, e.data]),
        );
        expect(read.every((e) => e.streamId === id && e.recordedAt instanceof Date)).toBe(true);
      });

      it('keeps metadata with each event', async () => {
        const id = stream();
        await store.appendToStream(id, [{ ...newEvent(), metadata: { correlationId: 'c-1' } }], {
          expectedRevision: 'any',
        });
        expect((await store.readStream(id))[0].metadata).toEqual({ correlationId: 'c-1' });
      });

      it('reads a range, backwards and at most maxCount', async () => {
        const id = stream();
        await store.appendToStream(id, events(10), { expectedRevision: 'no_stream' });
        const revisions = (read: RecordedEvent[]) => read.map((e) => e.revision);
        expect(revisions(await store.readStream(id, { from: 3, to: 5 }))).toEqual([3, 4, 5]);
        expect(revisions(await store.readStream(id, { from: 8, maxCount: 5 }))).toEqual([8, 9]);
        expect(revisions(await store.readStream(id, { direction: 'backwards', maxCount: 3 }))).toEqual([
          9, 8, 7,
        ]);
        expect(revisions(await store.readStream(id, { direction: 'backwards', from: 4, to: 2 }))).toEqual([
          4, 3, 2,
        ]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads several streams at once, each from its own revision; a missing one has no events', async () => {
        const [a, b, missing] = [stream('a'), stream('b'), stream('missing')];
        await store.appendToStream(a, events(4), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, events(3), { expectedRevision: 'no_stream' });
        const read = await store.readStreams([
          { streamId: a, from: 2 },
          { streamId: b, from: 0 },
          { streamId: missing, from: 0 },
        ]);
        expect([...read].map(([id, events]) => [id, events.map((e) => [e.streamId, e.revision])])).toEqual([
          [
            a,
            [
              [a, 2],
              [a, 3],
            ],
          ],
          [
            b,
            [
              [b, 0],
              [b, 1],
              [b, 2],
            ],
          ],
          [missing, []],
        ]);
        expect(await store.readStreams([])).toEqual(new Map());
        const twice = await store.readStreams([
          { streamId: a, from: 3 },
          { streamId: a, from: 1 },
        ]);
        expect(twice.get(a)?.map((e) => e.revision)).toEqual([1, 2, 3]);
      });
    });

    describe('optimistic concurrency', () => {
      it('appends at the expected revision and refuses a stale one, saying expected and actual', async () => {
        const id = stream();
        await store.appendToStream(id, events(2), { expectedRevision: 'no_stream' });
        await expect(store.appendToStream(id, events(1), { expectedRevision: 1 })).resolves.toEqual({
          nextRevision: 2,
          appended: true,
        });
        const conflict = await conflictOf(store.appendToStream(id, events(1), { expectedRevision: 1 }));
        expect(conflict).toMatchObject({ streamId: id, expected: 1, actual: 2 });
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('no_stream fails on an existing stream; stream_exists fails on a missing one; any always appends', async () => {
        const id = stream();
        expect(
          await conflictOf(store.appendToStream(id, events(1), { expectedRevision: 'stream_exists' })),
        ).toMatchObject({
          actual: 'no_stream',
        });
        expect(await conflictOf(store.appendToStream(id, events(1), { expectedRevision: 5 }))).toMatchObject({
          expected: 5,
          actual: 'no_stream',
        });
        await store.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
        expect(
          await conflictOf(store.appendToStream(id, events(1), { expectedRevision: 'no_stream' })),
        ).toMatchObject({
          expected: 'no_stream',
          actual: 0,
        });
        await store.appendToStream(id, events(1), { expectedRevision: 'stream_exists' });
        await store.appendToStream(id, events(1), { expectedRevision: 'any' });
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('lets exactly one of 50 concurrent appenders at the same revision win', async () => {
        const id = stream();
        await store.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, () => store.appendToStream(id, events(1), { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        expect(lost.every((o) => o.reason instanceof WrongExpectedRevisionError)).toBe(true);
        expect(await store.readStream(id)).toHaveLength(2);
      });
    });

    describe('idempotent retries', () => {
      it('treats a re-append of the same events as done, even at a now-stale revision', async () => {
        const id = stream();
        const batch = events(2);
        await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        const retry = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        expect(retry.nextRevision).toBe(1);
        if (options.strictEventIdChecks) expect(retry.appended).toBe(false);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      (options.strictEventIdChecks ? it : it.skip)(
        'refuses a batch that repeats only some events, or events of another stream',
        async () => {
          const id = stream();
          const batch = events(2);
          await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
          await expect(
            store.appendToStream(id, [batch[0], newEvent()], { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          await expect(
            store.appendToStream(stream('other'), batch, { expectedRevision: 'any' }),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(id)).toHaveLength(2);
        },
      );
    });

    describe('multi-stream append', () => {
      it('declares whether it is atomic, so a service that needs it can refuse to start', () => {
        expect(store.atomicMultiStreamAppends).toBe(options.atomicMultiStreamAppend);
      });

      it('appends to several streams at their expected revisions', async () => {
        const [a, b] = [stream('a'), stream('b')];
        await store.appendToStream(a, events(1), { expectedRevision: 'no_stream' });
        const results = await store.appendToStreams([
          { streamId: a, events: events(1), expectedRevision: 0 },
          { streamId: b, events: events(2), expectedRevision: 'no_stream' },
        ]);
        expect(results).toEqual([
          { nextRevision: 1, appended: true },
          { nextRevision: 1, appended: true },
        ]);
      });

      (options.atomicMultiStreamAppend ? it : it.skip)(
        'writes nothing when any stream is not at its revision',
        async () => {
          const [a, b] = [stream('a'), stream('b')];
          await store.appendToStream(b, events(1), { expectedRevision: 'no_stream' });
          const conflict = await conflictOf(
            store.appendToStreams([
              { streamId: a, events: events(1), expectedRevision: 'no_stream' },
              { streamId: b, events: events(1), expectedRevision: 'no_stream' },
            ]),
          );
          expect(conflict).toMatchObject({ streamId: b, actual: 0 });
          expect(await store.readStream(a)).toEqual([]);
          expect(await store.readStream(b)).toHaveLength(1);
        },
      );

      (options.atomicMultiStreamAppend && options.strictEventIdChecks ? it : it.skip)(
        'refuses a retry that repeats one stream of an earlier append but adds to another, writing nothing',
        async () => {
          const [a, b] = [stream('a'), stream('b')];
          const recorded = events(1);
          await store.appendToStreams([{ streamId: a, events: recorded, expectedRevision: 'no_stream' }]);
          // The same cause decided again, differently: its first stream is recorded, its second is new.
          await expect(
            store.appendToStreams([
              { streamId: a, events: recorded, expectedRevision: 'no_stream' },
              { streamId: b, events: events(1), expectedRevision: 'no_stream' },
            ]),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(b)).toEqual([]);
          // The same with the new stream first: its events are not kept either.
          await expect(
            store.appendToStreams([
              { streamId: b, events: events(2), expectedRevision: 'no_stream' },
              { streamId: a, events: recorded, expectedRevision: 'no_stream' },
            ]),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(b)).toEqual([]);
        },
      );

      (options.atomicMultiStreamAppend && options.strictEventIdChecks ? it : it.skip)(
        'recognises a retry recorded whole after a stream of it with nothing to add',
        async () => {
          const [a, b] = [stream('a'), stream('b')];
          const recorded = events(1);
          await store.appendToStreams([{ streamId: a, events: recorded, expectedRevision: 'no_stream' }]);
          // One stream recorded whole, the append otherwise empty: a retry with nothing new to write.
          const retry = await store.appendToStreams([
            { streamId: b, events: [], expectedRevision: 'any' },
            { streamId: a, events: recorded, expectedRevision: 'no_stream' },
          ]);
          expect(retry[1]).toEqual({ nextRevision: 0, appended: false }); // results come in the order of the appends
          expect(await store.readStream(a)).toHaveLength(1);
        },
      );
    });

    describe('global order', () => {
      it('reads all events in the order they were appended, streams interleaved', async () => {
        const [a, b] = [stream('a'), stream('b')];
        const first = await store.readAll({ maxCount: 1 });
        await store.appendToStream(a, events(2), { expectedRevision: 'no_stream' });
        await store.appendToStream(b, events(1), { expectedRevision: 'no_stream' });
        await store.appendToStream(a, events(1), { expectedRevision: 1 });
        const mine = (await readEverything(store, first[0]?.position)).filter(
          (e) => e.streamId === a || e.streamId === b,
        );
        expect(mine.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual([
          'a0',
          'a1',
          'b0',
          'a2',
        ]);
        const positions = mine.map((e) => e.position);
        expect([...positions].sort(comparePositions)).toEqual(positions);
      });

      it('reads after a position, exclusive (paging from a checkpoint)', async () => {
        const id = stream();
        await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        const [first] = await store.readStream(id);
        const afterFirst = await store.readAll({ afterPosition: first.position, maxCount: 2 });
        expect(afterFirst.map((e) => [e.streamId, e.revision])).toEqual([
          [id, 1],
          [id, 2],
        ]);
      });

      it('reads from a position, inclusive', async () => {
        const id = stream();
        await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        const [, second] = await store.readStream(id);
        const fromSecond = await store.readAll({ fromPosition: second.position, maxCount: 2 });
        expect(fromSecond.map((e) => [e.streamId, e.revision])).toEqual([
          [id, 1],
          [id, 2],
        ]);
      });
    });

    describe('catch-up subscription', () => {
      it('delivers what exists, then live appends, and resumes after its checkpoint missing nothing', async () => {
        const id = stream('sub');
        await store.appendToStream(id, events(3), { expectedRevision: 'no_stream' });
        const received: RecordedEvent[] = [];
        const mine = () => received.filter((e) => e.streamId === id);
        const subscribe = (fromPosition?: Position): Subscription =>
          store.subscribeToAll({ fromPosition, handle: async (event) => void received.push(event) });

        let subscription = subscribe();
        await subscription.caughtUp;
        expect(mine().map((e) => e.revision)).toEqual([0, 1, 2]);

        await store.appendToStream(id, events(2), { expectedRevision: 2 });
        await waitUntil(() => mine().length === 5, 'live events');
        await subscription.stop();

        // Written while nobody listens; a restart from the checkpoint gets exactly these.
        const checkpoint = received[received.length - 1].position;
        await store.appendToStream(id, events(2), { expectedRevision: 4 });
        received.length = 0;
        subscription = subscribe(checkpoint);
        await waitUntil(() => mine().length === 2, 'events written while stopped');
        await subscription.stop();
        expect(mine().map((e) => e.revision)).toEqual([5, 6]);
      });

      it('sees every event of concurrent writers once, each stream in order', async () => {
        const streams = Array.from({ length: 20 }, () => stream('concurrent'));
        const received = new Map<string, number[]>();
        const subscription = store.subscribeToAll({
          fromPosition: (await store.readAll({ maxCount: 1, fromPosition: undefined }))[0]?.position,
          handle: async (event) => {
            if (streams.includes(event.streamId))
              received.set(event.streamId, [...(received.get(event.streamId) ?? []), event.revision]);
          },
        });
        await Promise.all(
          streams.map(async (id) => {
            for (let revision = 0; revision < 25; revision++) {
              await store.appendToStream(id, events(2), {
                expectedRevision: revision === 0 ? 'no_stream' : revision * 2 - 1,
              });
            }
          }),
        );
        await waitUntil(
          () => [...received.values()].reduce((n, r) => n + r.length, 0) === 20 * 50,
          'all 1000 events',
        );
        await subscription.stop();
        for (const id of streams) expect(received.get(id)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      });

      it('hands consecutive events over in batches when asked, in order, each once', async () => {
        const id = stream('batched');
        await store.appendToStream(id, events(30), { expectedRevision: 'no_stream' });
        const batches: number[][] = [];
        const subscription = store.subscribeToAll({
          handleBatch: async (batch) =>
            void batches.push(batch.filter((e) => e.streamId === id).map((e) => e.revision)),
        });
        await subscription.caughtUp;
        await store.appendToStream(id, events(5), { expectedRevision: 29 });
        await waitUntil(() => batches.flat().length === 35, 'all 35 events');
        await subscription.stop();
        expect(batches.flat()).toEqual(Array.from({ length: 35 }, (_, i) => i));
      });
    });

    describe('stream metadata', () => {
      it('stores and replaces metadata, also for a stream with no events yet', async () => {
        const id = stream();
        expect(await store.getStreamMetadata(id)).toEqual({});
        await store.setStreamMetadata(id, { sku: 'HDB-001' });
        expect(await store.getStreamMetadata(id)).toEqual({ sku: 'HDB-001' });
        await store.appendToStream(id, events(1), { expectedRevision: 'no_stream' });
        await store.setStreamMetadata(id, { sku: 'HDB-002' });
        expect(await store.getStreamMetadata(id)).toEqual({ sku: 'HDB-002' });
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('large streams', () => {
      it('appends and reads back 100,000 events of one stream', async () => {
        const id = stream('large');
        const total = 100_000;
        for (let revision = -1; revision < total - 1; revision += 1_000) {
          await store.appendToStream(id, events(1_000), {
            expectedRevision: revision === -1 ? 'no_stream' : revision,
          });
        }
        const started = Date.now();
        let count = 0;
        let next = 0;
        for (;;) {
          const page = await store.readStream(id, { from: next, maxCount: 10_000 });
          if (page.length === 0) break;
          expect(page[0].revision).toBe(next);
          count += page.length;
          next = page[page.length - 1].revision + 1;
        }
        expect(count).toBe(total);
        // A figure for the reader, not an assertion: `npm run bench:event-store` measures speed.
        console.log(`[${adapter}] read 100,000 events of one stream in ${Date.now() - started} ms`);
      });
    });
  });
}

/** Everything from a position on, page by page. */
async function readEverything(store: EventStore, fromPosition?: Position): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let from = fromPosition;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1_000 });
    const fresh = from && all.length ? page.slice(1) : page;
    all.push(...fresh);
    if (page.length < 1_000) return all;
    from = page[page.length - 1].position;
  }
}
