import fc from 'fast-check';
import { createEvent } from '../create-event';
import { EventParseError, checkedByDecorators } from '../parse-event';
import { EVENT_SCHEMAS, EventType } from '../registry';
import { isValidEventFast } from './compiled-event-validation';
import { EVENT_EXAMPLES } from './event-examples';
import { eventJsonSchema } from './event-json-schemas';

const TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

const example = (type: EventType) =>
  JSON.parse(JSON.stringify(createEvent(type, EVENT_EXAMPLES[type] as never, { source: 'spec' })));

/** The reference: the contracts' decorators. */
const acceptedByDecorators = (json: unknown): boolean => {
  try {
    checkedByDecorators(json);
    return true;
  } catch (error) {
    if (error instanceof EventParseError) return false;
    throw error;
  }
};

/** Every path into a JSON value (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...pathsOf((value as Record<string | number, unknown>)[key], path)];
  });
}

const DELETE = Symbol('delete');

function withChange(json: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  // An array loses the element (JSON has no holes: a message never holds a sparse array).
  if (value === DELETE && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** What a hostile or careless producer puts where a field was: edge values of every rule. */
const hostileValue = fc.oneof(
  fc.constantFrom(
    DELETE,
    null,
    '',
    ' ',
    0,
    -1,
    0.5,
    0.0001,
    0.00001,
    1.00005,
    0.3,
    2.5e-7,
    9e-323,
    1e15,
    1e15 + 0.5,
    1e16,
    -1e16,
    1e21,
    2_147_483_648,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    'a b',
    'a/b',
    '-starts-with-dash',
    'x'.repeat(64),
    'x'.repeat(65),
    'y'.repeat(255),
    'y'.repeat(256),
    '😀'.repeat(40),
    '😀'.repeat(130),
    'tab\tok',
    'nul\u0000no',
    'del\u007fno',
    'lone\ud800',
    '\udc00lone',
    'é',
    '2026-11-23',
    '2026-11-23T10:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-11-23 10:00',
    'not-a-date',
    '9F1D2C3A-1B2C-4D5E-8F90-1A2B3C4D5E6F',
    '00000000-0000-0000-0000-000000000000',
    'ada@example.com',
    'ada@',
    90,
    90.0001,
    -180,
    180.5,
    'in_stock',
    'allow',
    'global',
    'sku',
    [],
    [{}],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 70 }),
);

describe('the compiled event schemas', () => {
  it('accept every example event, as the decorators do', () => {
    for (const type of TYPES) {
      const json = example(type);
      expect({ type, decorators: acceptedByDecorators(json) }).toEqual({ type, decorators: true });
      expect({ type, compiled: isValidEventFast(json) }).toEqual({ type, compiled: true });
    }
  });

  it('agree with the decorators on every hostile variant of every event', () => {
    let accepted = 0;
    let refused = 0;
    const changed = fc
      .constantFrom(...TYPES)
      .chain((type) => {
        const json = example(type);
        const paths = pathsOf(json);
        return fc.tuple(
          fc.constant(json),
          fc.array(fc.tuple(fc.constantFrom(...paths), hostileValue), { minLength: 1, maxLength: 3 }),
        );
      })
      .map(([json, changes]) =>
        changes.reduce<unknown>((value, [path, replacement]) => {
          try {
            return withChange(value, path, replacement);
          } catch {
            return value; // the path went away with an earlier change
          }
        }, json),
      );
    fc.assert(
      fc.property(changed, (json) => {
        const compiled = isValidEventFast(json);
        const decorators = acceptedByDecorators(json);
        expect({ json, compiled }).toEqual({ json, compiled: decorators });
        if (decorators) accepted++;
        else refused++;
      }),
      { numRuns: 20_000 },
    );
    // Not vacuous: both verdicts occur often.
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(1_000);
  });

  it('refuse what the decorators refuse in the cases the contracts single out', () => {
    const placed = example('OrderPlaced');
    const cases: [string, unknown][] = [
      ['a quantity with 5 decimals', withChange(placed, ['data', 'items', 0, 'qty'], 1.00001)],
      ['an identifier with a space', withChange(placed, ['data', 'orderId'], 'o 1')],
      ['a missing required field', withChange(placed, ['data', 'placedAt'], DELETE)],
      ['an impossible date', withChange(placed, ['data', 'placedAt'], '2026-02-30T10:00:00Z')],
      ['another version', withChange(placed, ['version'], 2)],
      ['null where null is not allowed', withChange(placed, ['data', 'salesChannel'], null)],
      [
        'text with a control character',
        withChange(example('ReservationCompensated'), ['data', 'reason'], 'a\u0000'),
      ],
      [
        'text with a surrogate without its pair',
        withChange(example('ReservationCompensated'), ['data', 'reason'], 'a\ud800'),
      ],
      [
        'a SKU-scoped settings change without its SKU',
        withChange(example('InventorySettingsChanged'), ['data', 'sku'], DELETE),
      ],
      [
        'a salable quantity left out (null is allowed, absent is not)',
        withChange(example('SalableQuantityChanged'), ['data', 'salableQty'], DELETE),
      ],
    ];
    for (const [what, json] of cases) {
      expect({ what, compiled: isValidEventFast(json), decorators: acceptedByDecorators(json) }).toEqual({
        what,
        compiled: false,
        decorators: false,
      });
    }
  });

  it('take null or absence where the decorators do (optional, Nullable and conditional fields)', () => {
    const cases = [
      withChange(example('OrderPlaced'), ['data', 'holdId'], null),
      withChange(example('SalableQuantityChanged'), ['data', 'salableQty'], null),
      withChange(example('SourceSaved'), ['data', 'contact'], null),
      withChange(example('OrderPlaced'), ['causationId'], null),
      withChange(example('InventorySettingsChanged'), ['data'], { scope: 'global', settings: {} }),
      withChange(example('InventorySettingsChanged'), ['data'], { scope: 'global', sku: 7, settings: {} }),
    ];
    for (const json of cases)
      expect([isValidEventFast(json), acceptedByDecorators(json)]).toEqual([true, true]);
  });

  it('describe each event whole: envelope, fixed type and version, data by reference', () => {
    const schema = eventJsonSchema('OrderPlaced');
    expect(schema).toMatchObject({
      title: 'OrderPlaced',
      required: expect.arrayContaining(['eventId', 'type', 'version', 'occurredAt', 'data']),
      properties: {
        type: { const: 'OrderPlaced' },
        version: { const: 1 },
        data: { $ref: '#/definitions/OrderPlaced' },
      },
      definitions: { OrderLine: { required: ['sku', 'qty'] } },
    });
  });
});
