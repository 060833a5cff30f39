import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Coordinates } from './source-selection';
import { BUILT_IN_PLACES } from './places.data';

/** A row of the offline table: a postcode (or postcode prefix) or a city, and where it is. */
export interface Place extends Coordinates {
  readonly country: string;
  readonly postcode: string;
  readonly city: string;
}

export interface AddressToPlace {
  readonly latitude?: number;
  readonly longitude?: number;
  readonly country?: string;
  readonly postcode?: string;
  readonly city?: string;
}

const postcodeKey = (value: string) => value.replace(/[\s-]/g, '').toUpperCase();
const cityKey = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase();

/**
 * Places addresses without calling anything outside (Magento's offline distance provider): by
 * coordinates when the address has them, else by postcode (exact, then the longest prefix in the
 * table), else by city.
 */
export class PlaceIndex {
  private readonly byPostcode = new Map<string, Place>();
  private readonly byCity = new Map<string, Place[]>();

  constructor(places: readonly Place[]) {
    for (const place of places) {
      const country = place.country.toUpperCase();
      if (place.postcode) this.byPostcode.set(`${country} ${postcodeKey(place.postcode)}`, place);
      if (place.city) {
        const key = cityKey(place.city);
        this.byCity.set(key, [...(this.byCity.get(key) ?? []), { ...place, country }]);
      }
    }
  }

  place(address: AddressToPlace): Coordinates | undefined {
    if (address.latitude !== undefined && address.longitude !== undefined) {
      return { latitude: address.latitude, longitude: address.longitude };
    }
    const country = address.country?.toUpperCase();
    return (
      (country && address.postcode
        ? this.placePostcode(country, postcodeKey(address.postcode))
        : undefined) ?? (address.city ? this.placeCity(cityKey(address.city), country) : undefined)
    );
  }

  private placePostcode(country: string, postcode: string): Coordinates | undefined {
    for (let length = postcode.length; length >= 2; length--) {
      const place = this.byPostcode.get(`${country} ${postcode.slice(0, length)}`);
      if (place) return place;
    }
    return undefined;
  }

  /** Without a country, a city name found in one country only. */
  private placeCity(city: string, country: string | undefined): Coordinates | undefined {
    const found = (this.byCity.get(city) ?? []).filter((place) => !country || place.country === country);
    const countries = new Set(found.map((place) => place.country));
    return countries.size === 1 ? found[0] : undefined;
  }
}

/** The built-in table, plus a merchant's own CSV (country,postcode,city,latitude,longitude) if named. */
export function loadPlaces(extraFile = process.env.FULFILLMENT_PLACES_FILE): PlaceIndex {
  if (!extraFile) return new PlaceIndex(BUILT_IN_PLACES);
  const rows: Record<string, string>[] = parse(readFileSync(extraFile), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const extra = rows.map((row, index): Place => {
    const place = {
      country: row.country ?? '',
      postcode: row.postcode ?? '',
      city: row.city ?? '',
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
    };
    const bad =
      !place.country || (!place.postcode && !place.city)
        ? 'needs a country and a postcode or a city'
        : Math.abs(place.latitude) > 90 || Math.abs(place.longitude) > 180 || !row.latitude || !row.longitude
          ? 'needs a latitude (-90..90) and a longitude (-180..180)'
          : undefined;
    if (bad || Number.isNaN(place.latitude) || Number.isNaN(place.longitude)) {
      throw new Error(`${extraFile} line ${index + 2}: ${bad ?? 'latitude and longitude must be numbers'}`);
    }
    return place;
  });
  return new PlaceIndex([...BUILT_IN_PLACES, ...extra]);
}
