import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AddressesTable } from '../../db/schema.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import {
  type Address,
  LIVE_ADDRESS_STATUSES,
  type NewAddress,
  normalizeBox,
  normalizeHouseNumber,
  parseAddressQuery,
  prefixUpperBound,
  searchKeys,
  streetNames,
} from './addresses.models.ts';
import { sameStreetName } from './street-lists.models.ts';

/** A bounding box in WGS84 degrees. */
export type BoundingBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };

/** Rows per INSERT statement: well below the bound-parameter limits of SQLite and PostgreSQL. */
const ROWS_PER_STATEMENT = 500;

export const MAX_SEARCH_RESULTS = 50;

function toAddress(row: AddressesTable): Address {
  return {
    id: row.id,
    bestId: row.best_id,
    streetNl: row.street_nl,
    streetFr: row.street_fr,
    streetDe: row.street_de,
    houseNumber: row.house_number,
    box: row.box,
    postcode: row.postcode,
    municipalityNl: row.municipality_nl,
    municipalityFr: row.municipality_fr,
    municipalityDe: row.municipality_de,
    lat: Number(row.lat),
    lon: Number(row.lon),
    status: row.status,
    updatedAt: row.updated_at,
  };
}

function toRow(address: NewAddress, id: string, now: number): AddressesTable {
  const { searchKey, searchKeyAlt } = searchKeys(address);
  return {
    id,
    best_id: address.bestId,
    street_nl: address.streetNl,
    street_fr: address.streetFr,
    street_de: address.streetDe,
    house_number: address.houseNumber,
    box: address.box,
    postcode: address.postcode,
    municipality_nl: address.municipalityNl,
    municipality_fr: address.municipalityFr,
    municipality_de: address.municipalityDe,
    lat: address.lat,
    lon: address.lon,
    search_key: searchKey,
    search_key_alt: searchKeyAlt,
    status: address.status,
    updated_at: now,
  };
}

/** Every column an upsert refreshes: all but our id and the BeSt id it is keyed on. */
const REFRESHED_COLUMNS = [
  'street_nl', 'street_fr', 'street_de', 'house_number', 'box', 'postcode', 'municipality_nl', 'municipality_fr', 'municipality_de',
  'lat', 'lon', 'search_key', 'search_key_alt', 'status', 'updated_at',
] as const;

export function createAddressesRepository({ database }: { database: Database }) {
  const { db } = database;

  async function searchRows({ prefix, words }: { prefix: string; words: string[] }, houseNumber: string | null, limit: number, postcode: string | undefined) {
    const high = prefixUpperBound(prefix);
    let select = db
      .selectFrom('addresses')
      .selectAll()
      .where('status', 'in', [...LIVE_ADDRESS_STATUSES])
      // The range lets both engines use the index; the LIKE keeps the match exact whatever the
      // column's collation (a linguistic PostgreSQL collation orders spaces differently).
      .where((eb) =>
        eb.or([
          eb.and([eb('search_key', '>=', prefix), eb('search_key', '<', high), eb('search_key', 'like', `${prefix}%`)]),
          eb.and([eb('search_key_alt', '>=', prefix), eb('search_key_alt', '<', high), eb('search_key_alt', 'like', `${prefix}%`)]),
        ]),
      );
    // Normalised tokens hold only a-z and 0-9: nothing to escape in a LIKE pattern.
    for (const word of words) {
      select = select.where((eb) => eb.or([eb('search_key', 'like', `% ${word}%`), eb('search_key_alt', 'like', `% ${word}%`)]));
    }
    if (postcode) select = select.where('postcode', '=', postcode);
    const exactNumber: Expression<SqlBool> = houseNumber ? sql<SqlBool>`lower(replace(house_number, ' ', '')) = ${houseNumber}` : sql<SqlBool>`1 = 1`;
    return select
      .orderBy(sql`case when ${exactNumber} then 0 else 1 end`)
      .orderBy(sql`coalesce(street_nl, street_fr, street_de)`)
      .orderBy('postcode')
      .orderBy(sql`length(house_number)`)
      .orderBy('house_number')
      .orderBy(sql`length(coalesce(box, ''))`)
      .orderBy('box')
      .limit(limit)
      .execute();
  }

  return {
    /**
     * Inserts addresses or refreshes them by BeSt id; an address keeps its own id across imports
     * (networks and members point at it). Call inside a transaction for a batch.
     */
    async upsertMany(addresses: readonly NewAddress[], { ids, now }: { ids: IdGenerator; now: number }): Promise<void> {
      // One statement may not touch a row twice (PostgreSQL): the last row of a BeSt id wins.
      const unique = [...new Map(addresses.map((a) => [a.bestId, a])).values()];
      for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
        const rows = unique.slice(i, i + ROWS_PER_STATEMENT).map((address) => toRow(address, ids.id(), now));
        await db
          .insertInto('addresses')
          .values(rows)
          .onConflict((oc) =>
            oc.column('best_id').doUpdateSet((eb) => Object.fromEntries(REFRESHED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]))),
          )
          .execute();
      }
    },

    async findById(id: string): Promise<Address | undefined> {
      const row = await db.selectFrom('addresses').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAddress(row);
    },

    async findByBestId(bestId: string): Promise<Address | undefined> {
      const row = await db.selectFrom('addresses').selectAll().where('best_id', '=', bestId).executeTakeFirst();
      return row && toAddress(row);
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('addresses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * Autocomplete: addresses (current or proposed) whose street starts with the query's leading
     * words and that contain its other tokens as word prefixes, accent- and case-insensitively:
     * "kerkstr 12" finds Kerkstraat 12, 12A, 12 bus 1, 120... with the exact number first.
     * Both language keys of bilingual addresses are searched.
     */
    async search(query: string, options: { limit?: number; postcode?: string } = {}): Promise<Address[]> {
      const parsed = parseAddressQuery(query);
      if (!parsed) return [];
      const limit = Math.min(Math.max(options.limit ?? 10, 1), MAX_SEARCH_RESULTS);
      // At most three prefixes are tried: each is one indexed query.
      for (const attempt of parsed.attempts.slice(0, 3)) {
        const rows = await searchRows(attempt, parsed.houseNumber, limit, options.postcode);
        if (rows.length > 0) return rows.map(toAddress);
      }
      return [];
    },

    /**
     * Geocodes an address typed by a person: same postcode and house number, street equal in any
     * language (accents, case and "str." ignored). Best match first: the exact box, or without a
     * box given the address without box; then the other boxes of that house.
     */
    async findByParts(parts: { postcode: string; street: string; houseNumber: string; box?: string | null }): Promise<Address[]> {
      const rows = await db
        .selectFrom('addresses')
        .selectAll()
        .where('postcode', '=', parts.postcode.trim())
        .where(sql<SqlBool>`lower(replace(house_number, ' ', '')) = ${normalizeHouseNumber(parts.houseNumber)}`)
        .execute();
      const wantedBox = normalizeBox(parts.box);
      return rows
        .map(toAddress)
        .filter((address) => streetNames(address).some((name) => sameStreetName(name, parts.street)))
        .sort((a, b) => Number(normalizeBox(b.box) === wantedBox) - Number(normalizeBox(a.box) === wantedBox) || (a.box ?? '').localeCompare(b.box ?? '', 'en', { numeric: true }));
    },

    /**
     * Every address in batches, in id order (keyset pagination: constant memory, stable under
     * concurrent inserts), optionally only those inside a bounding box. For assigning addresses
     * to network areas.
     */
    async *batches(options: { batchSize?: number; within?: BoundingBox } = {}): AsyncGenerator<Address[]> {
      const batchSize = options.batchSize ?? 1000;
      let after = '';
      for (;;) {
        let select = db.selectFrom('addresses').selectAll().where('id', '>', after).orderBy('id').limit(batchSize);
        const box = options.within;
        if (box) select = select.where('lat', '>=', box.minLat).where('lat', '<=', box.maxLat).where('lon', '>=', box.minLon).where('lon', '<=', box.maxLon);
        const rows = await select.execute();
        if (rows.length === 0) return;
        yield rows.map(toAddress);
        if (rows.length < batchSize) return;
        after = rows.at(-1)!.id;
      }
    },
  };
}

export type AddressesRepository = ReturnType<typeof createAddressesRepository>;
