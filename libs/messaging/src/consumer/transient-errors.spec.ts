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
