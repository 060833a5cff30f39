import { ArgumentsHost, BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { Refusal } from '@inventory/contracts';
import { WrongExpectedRevisionError } from '@inventory/event-store';
import { ApiError, ErrorBodyFilter } from './http-errors';

/** What the filter answers for an exception: status and JSON body. */
function answer(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent: { status: number; body: unknown; headers: Record<string, string> } = {
    status: 0,
    body: undefined,
    headers: {},
  };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorBodyFilter().catch(exception, host);
  return sent;
}

describe('ErrorBodyFilter', () => {
  it('answers a write that lost every retry to other writers with 503 and Retry-After, never 500', () => {
    expect(answer(new WrongExpectedRevisionError('sku-A', 4, 5))).toEqual({
      status: 503,
      headers: { 'retry-after': '1' },
      body: {
        statusCode: 503,
        code: 'write_contention',
        message: 'Others are changing the same stock right now; retry shortly',
      },
    });
  });

  it('answers a transaction that lost a race (serialization failure, deadlock) as contention too', () => {
    for (const code of ['40001', '40P01']) {
      const lost = Object.assign(new Error('could not serialize access'), { code });
      expect(answer(lost)).toMatchObject({ status: 503, body: { code: 'write_contention' } });
      // As TypeORM wraps it.
      expect(answer(Object.assign(new Error('query failed'), { driverError: { code } }))).toMatchObject({
        status: 503,
        body: { code: 'write_contention' },
      });
    }
    expect(answer(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))).toMatchObject({
      body: { code: 'unavailable' },
    });
  });

  it('says which readiness checks are down, and why', () => {
    const terminus = new ServiceUnavailableException({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { kafka: { status: 'down', reason: 'timed out after 2000 ms' } },
      details: { database: { status: 'up' }, kafka: { status: 'down', reason: 'timed out after 2000 ms' } },
    });
    expect(answer(terminus)).toMatchObject({
      status: 503,
      body: {
        statusCode: 503,
        code: 'not_ready',
        message: 'Not ready: kafka down',
        details: { database: { status: 'up' }, kafka: { status: 'down', reason: 'timed out after 2000 ms' } },
      },
    });
  });

  it('keeps our error bodies as they are and hides what it did not expect', () => {
    const refused = ApiError.notFound('source_not_found', 'Source "x" does not exist');
    expect(answer(refused).body).toEqual({
      statusCode: 404,
      code: 'source_not_found',
      message: 'Source "x" does not exist',
    });
    expect(answer(new BadRequestException('bad'))).toEqual({
      status: 400,
      headers: {},
      body: { statusCode: 400, code: 'bad_request', message: 'bad' },
    });
    const crash = answer(new TypeError("Cannot read properties of undefined (reading 'length')"));
    expect(crash).toEqual({
      status: 500,
      headers: {},
      body: { statusCode: 500, code: 'internal_error', message: 'Internal server error' },
    });
  });

  it("answers a decider's Refusal with the status of its kind, its code and every bad field", () => {
    const errors = [{ field: 'items.0', problems: ['over_cancel: only 2 left'] }];
    expect(answer(new Refusal('not_salable', 'The hold cannot be placed', { errors }))).toEqual({
      status: 409,
      headers: {},
      body: {
        statusCode: 409,
        code: 'not_salable',
        message: 'The hold cannot be placed: items.0: over_cancel: only 2 left',
        errors,
      },
    });
    expect(
      answer(new Refusal('sales_channel_not_found', 'No such channel', { kind: 'not_found' })).status,
    ).toBe(404);
    expect(answer(new Refusal('bad_lines', 'Never', { kind: 'invalid' })).body).toMatchObject({
      statusCode: 400,
      code: 'bad_lines',
    });
  });
});
