import { chunksByBytes, refusedForGood } from './outbox-relay';

describe('the outbox relay', () => {
  it('chunks rows by bytes, in order, a row larger than the limit alone', () => {
    const rows = [3, 3, 5, 20, 1].map((size, id) => ({ id, payload: 'x'.repeat(size) }));
    expect(chunksByBytes(rows, 8).map((chunk) => chunk.map((row) => row.id))).toEqual([
      [0, 1],
      [2],
      [3],
      [4],
    ]);
  });

  it('tells a broker that refuses a record for good from one that is away', () => {
    const tooLarge = Object.assign(
      new Error('The request included a message larger than the max message size'),
      {
        type: 'MESSAGE_TOO_LARGE',
      },
    );
    expect(refusedForGood(tooLarge)).toBe(true);
    expect(refusedForGood(new Error('outer', { cause: tooLarge }))).toBe(true);
    expect(refusedForGood(Object.assign(new Error('aggregate'), { errors: [tooLarge] }))).toBe(true);
    expect(refusedForGood(Object.assign(new Error('not leader'), { type: 'NOT_LEADER_FOR_PARTITION' }))).toBe(
      false,
    );
    expect(refusedForGood(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
  });
});
