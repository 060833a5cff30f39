import { isInfrastructureUnavailable } from './transient-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureUnavailable', () => {
  it('recognises a database or broker that is away for a moment', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      // TypeORM wraps the driver's error.
      Object.assign(new Error('Query failed'), {
        driverError: withCode('the database system is shutting down', '57P03'),
      }),
      new Error('outer', { cause: withCode('reset', 'ECONNRESET') }),
      // A race lost or a server that cannot write for now: the same event may well pass next time.
      withCode('could not serialize access due to concurrent update', '40001'),
      withCode('deadlock detected', '40P01'),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('could not extend file: No space left on device', '53100'),
      withCode('cannot execute UPDATE in a read-only transaction', '25006'),
    ]) {
      expect(isInfrastructureUnavailable(error)).toBe(true);
    }
  });

  it('leaves the errors of the event or of the code to the bounded retries and the DLQ', () => {
    for (const error of [
      new Error('cannot apply poison'),
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('numeric field overflow', '22003'),
      new TypeError("Cannot read properties of undefined (reading 'length')"),
      'a string',
      undefined,
    ]) {
      expect(isInfrastructureUnavailable(error)).toBe(false);
    }
  });
});
