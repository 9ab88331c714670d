import type { LatLon, NewAddress } from './addresses.models.ts';
import { type BelgianCrs, isInBelgium, lambertToWgs84 } from './belgian-coordinates.models.ts';

/**
 * The "openaddress" CSV of FPS BOSA's BeSt-Address converter (one file per region, e.g.
 * openaddress-bevlg.csv). Its header, as the converter writes it:
 *
 *   EPSG:31370_x, EPSG:31370_y, EPSG:4326_lat, EPSG:4326_lon, address_id, box_number,
 *   house_number, municipality_id, municipality_name_de, municipality_name_fr,
 *   municipality_name_nl, postcode, postname_fr, postname_nl, street_id, streetname_de,
 *   streetname_fr, streetname_nl, region_code, status
 *
 * Newer files carry Lambert 2008 (EPSG:3812_x/_y) instead of Lambert 72. Columns are read by
 * name in any order; the separator is ',' or ';'. Pure: no I/O.
 */

const STREET_COLUMNS = ['streetname_nl', 'streetname_fr', 'streetname_de'] as const;
const MUNICIPALITY_COLUMNS = ['municipality_name_nl', 'municipality_name_fr', 'municipality_name_de'] as const;
const COORDINATE_PAIRS = [
  ['EPSG:4326_lat', 'EPSG:4326_lon'],
  ['EPSG:3812_x', 'EPSG:3812_y'],
  ['EPSG:31370_x', 'EPSG:31370_y'],
] as const;
const REQUIRED_COLUMNS = ['address_id', 'house_number', 'postcode'] as const;
const OPTIONAL_COLUMNS = ['box_number', 'region_code', 'status'] as const;

type ColumnName =
  | (typeof STREET_COLUMNS)[number]
  | (typeof MUNICIPALITY_COLUMNS)[number]
  | (typeof COORDINATE_PAIRS)[number][number]
  | (typeof REQUIRED_COLUMNS)[number]
  | (typeof OPTIONAL_COLUMNS)[number];

/** Where each known column is in a row; absent columns are missing. */
export type ColumnIndex = Partial<Record<ColumnName, number>>;

const KNOWN_COLUMNS: readonly ColumnName[] = [...STREET_COLUMNS, ...MUNICIPALITY_COLUMNS, ...COORDINATE_PAIRS.flat(), ...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** The separator of a header line: the one of ';' and ',' it holds more of. */
export function detectDelimiter(headerLine: string): ';' | ',' {
  const count = (char: string) => headerLine.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Splits a header line (names may be quoted; they hold no separators). */
export function splitHeader(headerLine: string, delimiter: string): string[] {
  return headerLine.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * Maps header names to positions, or lists what is missing: the three required columns, a street
 * name, a municipality name and one coordinate pair (each "a|b" alternative satisfied by one).
 */
export function readHeader(names: readonly string[]): { ok: true; columns: ColumnIndex } | { ok: false; missing: string[] } {
  const byName = new Map(names.map((name, index) => [name.toLowerCase(), index] as const));
  const columns: ColumnIndex = {};
  for (const column of KNOWN_COLUMNS) {
    const index = byName.get(column.toLowerCase());
    if (index !== undefined) columns[column] = index;
  }
  const missing: string[] = REQUIRED_COLUMNS.filter((column) => columns[column] === undefined);
  if (!STREET_COLUMNS.some((c) => columns[c] !== undefined)) missing.push(STREET_COLUMNS.join('|'));
  if (!MUNICIPALITY_COLUMNS.some((c) => columns[c] !== undefined)) missing.push(MUNICIPALITY_COLUMNS.join('|'));
  if (!COORDINATE_PAIRS.some(([a, b]) => columns[a] !== undefined && columns[b] !== undefined)) missing.push(COORDINATE_PAIRS.map((pair) => pair.join('+')).join('|'));
  return missing.length > 0 ? { ok: false, missing } : { ok: true, columns };
}

export const REJECT_REASONS = ['address_id', 'street', 'house_number', 'postcode', 'coordinates'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Namespaces of the regions' persistent ids: a bare numeric id is only unique within its region. */
const REGION_NAMESPACES: Record<string, string> = {
  'BE-VLG': 'https://data.vlaanderen.be/id/adres/',
  'BE-BRU': 'https://databrussels.be/id/address/',
  'BE-WAL': 'geodata.wallonie.be/id/Address/',
};

/** The BeSt persistent id: kept as given when it is already namespaced, else qualified by region. */
export function bestIdOf(addressId: string, regionCode: string): string {
  if (addressId.includes('/') || addressId.includes(':')) return addressId;
  const namespace = REGION_NAMESPACES[regionCode.toUpperCase()];
  return namespace ? `${namespace}${addressId}` : regionCode ? `${regionCode}:${addressId}` : addressId;
}

/**
 * A coordinate as exported ("50.83595", "146321.07800"), or with a decimal comma. Null when empty
 * or exactly zero: the converter writes "0.00000" for an address without a position.
 */
export function parseCoordinate(text: string | undefined): number | null | 'invalid' {
  const value = (text ?? '').trim();
  if (value === '') return null;
  const dotted = value.includes('.') ? value : value.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(dotted)) return 'invalid';
  const number = Number(dotted);
  return number === 0 ? null : number;
}

function pointOf(record: readonly string[], columns: ColumnIndex): LatLon | 'invalid' | null {
  const field = (column: ColumnName) => (columns[column] === undefined ? undefined : record[columns[column]!]);
  for (const [first, second] of COORDINATE_PAIRS) {
    const a = parseCoordinate(field(first));
    const b = parseCoordinate(field(second));
    if (a === 'invalid' || b === 'invalid') return 'invalid';
    if (a === null || b === null) continue;
    const point = first === 'EPSG:4326_lat' ? { lat: a, lon: b } : lambertToWgs84(first.slice(0, -2) as BelgianCrs, a, b);
    return Number.isFinite(point.lat) && Number.isFinite(point.lon) ? point : 'invalid';
  }
  return null;
}

/** One data row to an address, or the reason it cannot be one. */
export function mapRecord(record: readonly string[], columns: ColumnIndex): { ok: true; address: NewAddress } | { ok: false; reason: RejectReason } {
  const field = (column: ColumnName): string | null => {
    const index = columns[column];
    const value = index === undefined ? '' : (record[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const addressId = field('address_id');
  if (!addressId) return { ok: false, reason: 'address_id' };
  const streetNl = field('streetname_nl');
  const streetFr = field('streetname_fr');
  const streetDe = field('streetname_de');
  if (!streetNl && !streetFr && !streetDe) return { ok: false, reason: 'street' };
  const houseNumber = field('house_number');
  if (!houseNumber) return { ok: false, reason: 'house_number' };
  const postcode = field('postcode');
  if (!postcode || !/^\d{4}$/.test(postcode)) return { ok: false, reason: 'postcode' };
  const point = pointOf(record, columns);
  if (point === null || point === 'invalid' || !isInBelgium(point)) return { ok: false, reason: 'coordinates' };
  // current | proposed | retired | rejected (see ADDRESS_STATUSES); kept as given.
  const status = (field('status') ?? 'current').toLowerCase();
  const address: NewAddress = {
    bestId: bestIdOf(addressId, field('region_code') ?? ''),
    streetNl,
    streetFr,
    streetDe,
    houseNumber,
    box: field('box_number'),
    postcode,
    municipalityNl: field('municipality_name_nl'),
    municipalityFr: field('municipality_name_fr'),
    municipalityDe: field('municipality_name_de'),
    lat: point.lat,
    lon: point.lon,
    status,
  };
  return { ok: true, address };
}
