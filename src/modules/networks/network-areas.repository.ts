import type { Database } from '../../db/database.ts';
import type { NetworkStreetsTable } from '../../db/schema.ts';
import type { LatLon } from '../geography/addresses.models.ts';
import { type AreaGeometry, type BBox, bbox } from '../geography/geometry.models.ts';
import type { Parity } from '../geography/street-lists.models.ts';
import type { NetworkStreet } from './network-areas.models.ts';

export type NetworkArea = { id: string; networkId: string; geometry: AreaGeometry; bbox: BBox };

/** Street rows per INSERT: far below the bound-parameter limits of both engines. */
const ROWS_PER_STATEMENT = 200;

function toStreet(row: NetworkStreetsTable): NetworkStreet & { networkId: string } {
  return {
    id: row.id,
    networkId: row.network_id,
    street: row.street,
    postcode: row.postcode,
    from: row.number_from === null ? null : Number(row.number_from),
    to: row.number_to === null ? null : Number(row.number_to),
    parity: row.parity as Parity,
    buffer: Number(row.buffer) === 1,
  };
}

/** The shapes and street lists that delimit networks. */
export function createNetworkAreasRepository({ database }: { database: Database }) {
  const { db } = database;

  async function areasWhere(filter: { networkIds?: readonly string[]; point?: LatLon }): Promise<NetworkArea[]> {
    let query = db.selectFrom('network_areas').selectAll();
    if (filter.networkIds) {
      if (filter.networkIds.length === 0) return [];
      query = query.where('network_id', 'in', [...filter.networkIds]);
    }
    const point = filter.point;
    if (point) query = query.where('min_lat', '<=', point.lat).where('max_lat', '>=', point.lat).where('min_lon', '<=', point.lon).where('max_lon', '>=', point.lon);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      networkId: r.network_id,
      geometry: JSON.parse(r.geometry) as AreaGeometry,
      bbox: { minLon: Number(r.min_lon), minLat: Number(r.min_lat), maxLon: Number(r.max_lon), maxLat: Number(r.max_lat) },
    }));
  }

  return {
    listAreas: (networkIds: readonly string[]) => areasWhere({ networkIds }),
    /** Every area of every network: for assigning a whole import. */
    listAllAreas: () => areasWhere({}),
    /** Areas whose bounding box holds the point (the caller tests the shape itself). */
    areasAround: (point: LatLon) => areasWhere({ point }),

    /** Replaces the network's shapes; ids are given by the caller. Call inside a transaction. */
    async replaceAreas(networkId: string, areas: ReadonlyArray<{ id: string; geometry: AreaGeometry }>, now: number): Promise<void> {
      await db.deleteFrom('network_areas').where('network_id', '=', networkId).execute();
      for (const area of areas) {
        const box = bbox(area.geometry);
        await db
          .insertInto('network_areas')
          .values({ id: area.id, network_id: networkId, geometry: JSON.stringify(area.geometry), min_lon: box.minLon, min_lat: box.minLat, max_lon: box.maxLon, max_lat: box.maxLat, created_at: now })
          .execute();
      }
    },

    async listStreets(networkIds: readonly string[]): Promise<Array<NetworkStreet & { networkId: string }>> {
      if (networkIds.length === 0) return [];
      const rows = await db.selectFrom('network_streets').selectAll().where('network_id', 'in', [...networkIds]).orderBy('buffer').orderBy('street').orderBy('number_from').execute();
      return rows.map(toStreet);
    },

    async listAllStreets(): Promise<Array<NetworkStreet & { networkId: string }>> {
      return (await db.selectFrom('network_streets').selectAll().execute()).map(toStreet);
    },

    async streetsWithPostcode(postcode: string): Promise<Array<NetworkStreet & { networkId: string }>> {
      return (await db.selectFrom('network_streets').selectAll().where('postcode', '=', postcode.trim()).execute()).map(toStreet);
    },

    async findStreet(id: string): Promise<(NetworkStreet & { networkId: string }) | undefined> {
      const row = await db.selectFrom('network_streets').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStreet(row);
    },

    /** Replaces the network's street list. Call inside a transaction. */
    async replaceStreets(networkId: string, streets: readonly NetworkStreet[], now: number): Promise<void> {
      await db.deleteFrom('network_streets').where('network_id', '=', networkId).execute();
      for (let i = 0; i < streets.length; i += ROWS_PER_STATEMENT) {
        const rows = streets.slice(i, i + ROWS_PER_STATEMENT).map((s) => ({
          id: s.id,
          network_id: networkId,
          street: s.street,
          postcode: s.postcode,
          number_from: s.from,
          number_to: s.to,
          parity: s.parity,
          buffer: s.buffer ? 1 : 0,
          created_at: now,
        }));
        await db.insertInto('network_streets').values(rows).execute();
      }
    },
  };
}

export type NetworkAreasRepository = ReturnType<typeof createNetworkAreasRepository>;
