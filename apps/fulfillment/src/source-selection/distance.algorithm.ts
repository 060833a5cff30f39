import {
  Coordinates,
  RankedSource,
  SourceSelectionAlgorithm,
  byPriority,
  fillInOrder,
} from './source-selection';

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine), rounded to metres. */
export function greatCircleKm(from: Coordinates, to: Coordinates): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  return Math.round(km * 1000) / 1000;
}

/** Nearer first; sources without coordinates last; ties by link priority, then code. */
function byDistance(a: RankedSource, b: RankedSource): number {
  const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
  const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
  return da === db ? byPriority(a, b) : da - db;
}

/** Magento's "Distance Priority" with its offline provider: great-circle distance from each source. */
export const distanceAlgorithm: SourceSelectionAlgorithm = {
  code: 'distance',
  title: 'Distance priority',
  description:
    'Takes from the sources nearest to the shipping address first; sources without coordinates last',
  needsDestination: true,
  select(input) {
    const destination = input.destination;
    if (!destination) throw new Error('The distance algorithm needs a destination');
    const ranked = input.sources.map((source): RankedSource => ({
      ...source,
      distanceKm: source.coordinates ? greatCircleKm(source.coordinates, destination) : null,
    }));
    return fillInOrder(input, ranked.sort(byDistance));
  },
};
