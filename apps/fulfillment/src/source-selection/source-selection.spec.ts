import { distanceAlgorithm, greatCircleKm } from './distance.algorithm';
import { PlaceIndex } from './places';
import { priorityAlgorithm } from './priority.algorithm';
import { Coordinates, LinkedSource, SelectionInput } from './source-selection';

const BERLIN: Coordinates = { latitude: 52.52, longitude: 13.405 };
const MUNICH: Coordinates = { latitude: 48.1351, longitude: 11.582 };
const HAMBURG: Coordinates = { latitude: 53.5511, longitude: 9.9937 };

const source = (sourceCode: string, priority: number, extra: Partial<LinkedSource> = {}): LinkedSource => ({
  sourceCode,
  priority,
  enabled: true,
  coordinates: null,
  ...extra,
});

/** Given sources and what each holds of each SKU, when `lines` are to ship. */
function given(
  sources: LinkedSource[],
  stock: Record<string, Record<string, number>>,
  lines: { sku: string; qty: number }[],
  destination?: Coordinates,
): SelectionInput {
  return { sources, lines, destination, available: (sku, code) => stock[sku]?.[code] };
}

describe('priority algorithm', () => {
  it('fills each line from the sources in priority order, 3 + 2 across two sources', () => {
    const input = given([source('east', 2), source('west', 1)], { A: { west: 3, east: 10 } }, [
      { sku: 'A', qty: 5 },
    ]);
    expect(priorityAlgorithm.select(input)).toEqual({
      isShippable: true,
      lines: [
        {
          sku: 'A',
          qtyToShip: 5,
          shortfall: 0,
          sources: [
            { sourceCode: 'west', qtyAvailable: 3, qtyToDeduct: 3 },
            { sourceCode: 'east', qtyAvailable: 10, qtyToDeduct: 2 },
          ],
        },
      ],
      shipment: [
        { sku: 'A', sourceCode: 'west', qty: 3 },
        { sku: 'A', sourceCode: 'east', qty: 2 },
      ],
    });
  });

  it('breaks priority ties by source code, whatever order the sources come in', () => {
    const stock = { A: { b: 5, a: 5 } };
    const one = priorityAlgorithm.select(
      given([source('b', 1), source('a', 1)], stock, [{ sku: 'A', qty: 1 }]),
    );
    const two = priorityAlgorithm.select(
      given([source('a', 1), source('b', 1)], stock, [{ sku: 'A', qty: 1 }]),
    );
    expect(one.shipment).toEqual([{ sku: 'A', sourceCode: 'a', qty: 1 }]);
    expect(two).toEqual(one);
  });

  it('skips disabled sources and sources where the SKU is absent or out of stock', () => {
    const input = given(
      [source('off', 1, { enabled: false }), source('empty', 2), source('on', 3)],
      { A: { off: 100, on: 4 } },
      [{ sku: 'A', qty: 2 }],
    );
    const result = priorityAlgorithm.select(input);
    expect(result.lines[0].sources.map((s) => s.sourceCode)).toEqual(['on']);
    expect(result.shipment).toEqual([{ sku: 'A', sourceCode: 'on', qty: 2 }]);
  });

  it('covers what it can and reports the shortfall when stock is insufficient', () => {
    const input = given([source('x', 1), source('y', 2)], { A: { x: 1, y: 2 }, B: { y: 4 } }, [
      { sku: 'A', qty: 5 },
      { sku: 'B', qty: 4 },
    ]);
    const result = priorityAlgorithm.select(input);
    expect(result.isShippable).toBe(false);
    expect(result.lines.map((line) => [line.sku, line.shortfall])).toEqual([
      ['A', 2],
      ['B', 0],
    ]);
    expect(result.shipment).toEqual([
      { sku: 'A', sourceCode: 'x', qty: 1 },
      { sku: 'A', sourceCode: 'y', qty: 2 },
      { sku: 'B', sourceCode: 'y', qty: 4 },
    ]);
  });

  it('never deducts a negative availability (units promised to earlier shipments) and keeps decimals exact', () => {
    const input = given([source('x', 1), source('y', 2)], { A: { x: -2, y: 0.3 } }, [{ sku: 'A', qty: 0.3 }]);
    const result = priorityAlgorithm.select(input);
    expect(result.lines[0].sources).toEqual([
      { sourceCode: 'x', qtyAvailable: -2, qtyToDeduct: 0 },
      { sourceCode: 'y', qtyAvailable: 0.3, qtyToDeduct: 0.3 },
    ]);
    expect(result.isShippable).toBe(true);
  });
});

describe('distance algorithm', () => {
  const sources = [
    source('munich', 1, { coordinates: MUNICH }),
    source('nowhere', 0),
    source('hamburg', 2, { coordinates: HAMBURG }),
  ];

  it('takes from the nearest source first, sources without coordinates last', () => {
    const input = given(
      sources,
      { A: { munich: 5, hamburg: 1, nowhere: 5 } },
      [{ sku: 'A', qty: 4 }],
      BERLIN,
    );
    const result = distanceAlgorithm.select(input);
    expect(result.lines[0].sources).toEqual([
      { sourceCode: 'hamburg', qtyAvailable: 1, qtyToDeduct: 1, distanceKm: expect.closeTo(255, 0) },
      { sourceCode: 'munich', qtyAvailable: 5, qtyToDeduct: 3, distanceKm: expect.closeTo(504, 0) },
      { sourceCode: 'nowhere', qtyAvailable: 5, qtyToDeduct: 0, distanceKm: null },
    ]);
  });

  it('falls back to sources without coordinates when the located ones run short', () => {
    const input = given(sources, { A: { munich: 1, nowhere: 5 } }, [{ sku: 'A', qty: 3 }], MUNICH);
    expect(distanceAlgorithm.select(input).shipment).toEqual([
      { sku: 'A', sourceCode: 'munich', qty: 1 },
      { sku: 'A', sourceCode: 'nowhere', qty: 2 },
    ]);
  });

  it('breaks distance ties by link priority', () => {
    const twins = [source('b', 1, { coordinates: BERLIN }), source('a', 2, { coordinates: BERLIN })];
    const input = given(twins, { A: { a: 5, b: 5 } }, [{ sku: 'A', qty: 1 }], MUNICH);
    expect(distanceAlgorithm.select(input).shipment).toEqual([{ sku: 'A', sourceCode: 'b', qty: 1 }]);
  });

  it('needs a destination', () => {
    expect(distanceAlgorithm.needsDestination).toBe(true);
    expect(() => distanceAlgorithm.select(given(sources, {}, [{ sku: 'A', qty: 1 }]))).toThrow(/destination/);
  });

  it('measures great-circle distances', () => {
    expect(greatCircleKm(BERLIN, BERLIN)).toBe(0);
    expect(greatCircleKm(BERLIN, MUNICH)).toBeCloseTo(504.2, 0);
    // Across the antimeridian: Auckland to Honolulu is about 7,080 km, not the long way round.
    expect(
      greatCircleKm({ latitude: -36.85, longitude: 174.76 }, { latitude: 21.31, longitude: -157.86 }),
    ).toBeCloseTo(7080, -2);
  });
});

describe('placing a shipping address offline', () => {
  const places = new PlaceIndex([
    { country: 'DE', postcode: '10115', city: 'Berlin', ...BERLIN },
    { country: 'DE', postcode: '', city: 'München', ...MUNICH },
    { country: 'GB', postcode: 'SW1A', city: '', latitude: 51.5, longitude: -0.14 },
    { country: 'US', postcode: '', city: 'Paris', latitude: 33.66, longitude: -95.56 },
    { country: 'FR', postcode: '', city: 'Paris', latitude: 48.86, longitude: 2.35 },
  ]);

  it('uses coordinates when the address has them', () => {
    expect(places.place({ latitude: 1, longitude: 2, city: 'Berlin' })).toEqual({
      latitude: 1,
      longitude: 2,
    });
  });

  it('finds a postcode exactly or by its longest known prefix, whatever its spacing and case', () => {
    expect(places.place({ country: 'de', postcode: '10115' })).toMatchObject(BERLIN);
    expect(places.place({ country: 'GB', postcode: 'sw1a 1aa' })).toMatchObject({ latitude: 51.5 });
    expect(places.place({ country: 'GB', postcode: 'EC1A 1BB' })).toBeUndefined();
  });

  it('finds a city without its accents, and an ambiguous city only with its country', () => {
    expect(places.place({ country: 'DE', city: 'munchen' })).toMatchObject(MUNICH);
    expect(places.place({ city: 'Paris' })).toBeUndefined();
    expect(places.place({ city: 'Paris', country: 'FR' })).toMatchObject({ latitude: 48.86 });
  });
});
