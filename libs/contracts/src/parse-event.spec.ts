import fc from 'fast-check';
import { createEvent } from './create-event';
import { EventParseError, parseEvent } from './parse-event';

const orderPlaced = () =>
  createEvent(
    'OrderPlaced',
    {
      orderId: 'o-1',
      salesChannel: 'base',
      items: [{ sku: 'HDB-001', qty: 2 }],
      placedAt: '2026-11-23T10:00:00.000Z',
    },
    { source: 'order-system' },
  );

const parseFailure = (raw: string | null): EventParseError => {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof EventParseError) return error;
    throw error;
  }
  throw new Error('expected parseEvent to fail');
};

describe('parseEvent', () => {
  it('returns a valid event as it was sent, extra fields included', () => {
    const event = { ...orderPlaced(), extra: 'kept' };
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
  });

  it('accepts a Buffer', () => {
    const event = orderPlaced();
    expect(parseEvent(Buffer.from(JSON.stringify(event))).type).toBe('OrderPlaced');
  });

  it('reports a value that is not JSON', () => {
    expect(parseFailure('{nope').reason).toBe('invalid_json');
    expect(parseFailure(null).reason).toBe('invalid_json');
  });

  it('reports a JSON value that is not an object', () => {
    expect(parseFailure('[1,2]').reason).toBe('invalid_envelope');
  });

  it('names every bad envelope field', () => {
    const { eventId: _id, ...withoutId } = orderPlaced();
    const error = parseFailure(JSON.stringify({ ...withoutId, occurredAt: 'yesterday' }));
    expect(error.reason).toBe('invalid_envelope');
    expect(error.fields.map((f) => f.field).sort()).toEqual(['eventId', 'occurredAt']);
  });

  it('reports an unknown type and an unsupported version', () => {
    expect(parseFailure(JSON.stringify({ ...orderPlaced(), type: 'OrderTeleported' })).reason).toBe(
      'unknown_type',
    );
    const v2 = parseFailure(JSON.stringify({ ...orderPlaced(), version: 2 }));
    expect(v2.reason).toBe('unsupported_version');
    expect(v2.message).toContain('OrderPlaced version 2');
  });

  it('names bad data fields with their path', () => {
    const event = orderPlaced();
    const bad = { ...event, data: { ...event.data, items: [{ sku: '', qty: -3 }] } };
    const error = parseFailure(JSON.stringify(bad));
    expect(error.reason).toBe('invalid_data');
    expect(error.fields.map((f) => f.field)).toEqual(['data.items.0.sku', 'data.items.0.qty']);
    expect(error.message).toContain('data.items.0.qty');
  });

  it('refuses quantities with more than 4 decimals', () => {
    const event = orderPlaced();
    const bad = { ...event, data: { ...event.data, items: [{ sku: 'S', qty: 1.23456 }] } };
    expect(parseFailure(JSON.stringify(bad)).fields[0].field).toBe('data.items.0.qty');
  });

  it('validates nullable fields: null is fine, a wrong type is not', () => {
    const salable = createEvent(
      'SalableQuantityChanged',
      { stockId: 1, sku: 'S', salableQty: null, isSalable: true, onlyXLeft: null, backorders: 'allow' },
      { source: 'reservation' },
    );
    expect(parseEvent(JSON.stringify(salable)).data).toMatchObject({ salableQty: null });
    const bad = { ...salable, data: { ...salable.data, salableQty: 'many' } };
    expect(parseFailure(JSON.stringify(bad)).fields[0].field).toBe('data.salableQty');
  });
});

describe('createEvent', () => {
  it('carries the correlation id and names its cause', () => {
    const cause = orderPlaced();
    const effect = createEvent(
      'OrderReservationPlaced',
      { orderId: 'o-1', stockId: 1, items: [{ sku: 'HDB-001', qty: 2 }] },
      { source: 'reservation', causedBy: cause },
    );
    expect(effect.correlationId).toBe(cause.correlationId);
    expect(effect.causationId).toBe(cause.eventId);
    expect(effect.eventId).not.toBe(cause.eventId);
    expect(cause.correlationId).toBe(cause.eventId);
    expect(cause.causationId).toBeNull();
  });
});

describe('parseEvent with hostile input', () => {
  it('refuses a quantity written with an exponent instead of throwing (class-validator would)', () => {
    const event = orderPlaced();
    for (const qty of [9e-323, 2.5e-7, 1e21, -1e-5]) {
      const failure = parseFailure(
        JSON.stringify({ ...event, data: { ...event.data, items: [{ sku: 'HDB-001', qty }] } }),
      );
      expect(failure.reason).toBe('invalid_data');
      expect(failure.fields[0].field).toBe('data.items.0.qty');
    }
  });

  it('refuses an array where an object belongs, naming the field', () => {
    const event = orderPlaced();
    const failure = parseFailure(JSON.stringify({ ...event, data: { ...event.data, items: [[]] } }));
    expect(failure.reason).toBe('invalid_data');
    expect(failure.fields[0]).toMatchObject({
      field: 'data.items',
      problems: ['each value in items must be an object'],
    });
  });

  it('never throws anything but an EventParseError, whatever it is given', () => {
    const event = orderPlaced();
    const anyJson = fc.jsonValue();
    const withHostileData = fc
      .record({
        type: fc.constantFrom('OrderPlaced', 'OrderCanceled', 'SourceItemsSaved', 'ShipmentCreated'),
        data: anyJson,
      })
      .map((part) => ({ ...event, ...part }));
    const withHostileLine = fc
      .record({ sku: anyJson, qty: fc.oneof(fc.double(), anyJson) })
      .map((line) => ({ ...event, data: { ...event.data, items: [line] } }));
    fc.assert(
      fc.property(fc.oneof(anyJson, withHostileData, withHostileLine), (value) => {
        try {
          parseEvent(JSON.stringify(value));
        } catch (error) {
          expect(error).toBeInstanceOf(EventParseError);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
