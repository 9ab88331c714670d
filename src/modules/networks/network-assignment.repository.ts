import type { Database } from '../../db/database.ts';
import type { AddressesTable } from '../../db/schema.ts';
import type { BBox } from '../geography/geometry.models.ts';
import type { StreetAddress } from '../geography/street-lists.models.ts';
import type { NetworkAddressSource } from './networks.models.ts';

/** What assignment needs of an address: where it is and how its street is written. */
export type PlacedAddress = StreetAddress & { id: string; lat: number; lon: number };

export type AreaChange = { id: string; networkId: string; enteredCount: number; leftCount: number; actorId: string | null; actorName: string | null; at: number };

/** Rows per multi-row statement; ids per IN list. Both far below the engines' parameter limits. */
const ROWS_PER_STATEMENT = 500;
const IDS_PER_STATEMENT = 500;

const PLACED_COLUMNS = ['id', 'lat', 'lon', 'street_nl', 'street_fr', 'street_de', 'municipality_nl', 'municipality_fr', 'municipality_de', 'house_number', 'postcode'] as const;

function toPlaced(row: Pick<AddressesTable, (typeof PLACED_COLUMNS)[number]>): PlacedAddress {
  return {
    id: row.id,
    lat: Number(row.lat),
    lon: Number(row.lon),
    streetNl: row.street_nl,
    streetFr: row.street_fr,
    streetDe: row.street_de,
    municipalityNl: row.municipality_nl,
    municipalityFr: row.municipality_fr,
    municipalityDe: row.municipality_de,
    houseNumber: row.house_number,
    postcode: row.postcode,
  };
}

/** Which addresses each network covers, and the record of what area changes did to that. */
export function createNetworkAssignmentRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * Serialises recomputes of one network: PostgreSQL locks its row until the transaction ends;
     * SQLite has one writer at a time anyway.
     */
    async lockNetwork(networkId: string): Promise<void> {
      if (database.dialect === 'postgres') await db.selectFrom('networks').select('id').where('id', '=', networkId).forUpdate().execute();
    },

    /** Addresses inside a bounding box (uses the lat/lon index). */
    async addressesInBox(box: BBox, limit?: number): Promise<PlacedAddress[]> {
      let query = db
        .selectFrom('addresses')
        .select([...PLACED_COLUMNS])
        .where('lat', '>=', box.minLat)
        .where('lat', '<=', box.maxLat)
        .where('lon', '>=', box.minLon)
        .where('lon', '<=', box.maxLon);
      if (limit !== undefined) query = query.orderBy('id').limit(limit);
      return (await query.execute()).map(toPlaced);
    },

    async addressesWithPostcodes(postcodes: readonly string[]): Promise<PlacedAddress[]> {
      if (postcodes.length === 0) return [];
      return (await db.selectFrom('addresses').select([...PLACED_COLUMNS]).where('postcode', 'in', [...postcodes]).execute()).map(toPlaced);
    },

    async findPlaced(addressId: string): Promise<PlacedAddress | undefined> {
      const row = await db.selectFrom('addresses').select([...PLACED_COLUMNS]).where('id', '=', addressId).executeTakeFirst();
      return row && toPlaced(row);
    },

    /** The addresses a network covers now, with how each came in. */
    async assignmentsOf(networkId: string): Promise<Map<string, NetworkAddressSource>> {
      const rows = await db.selectFrom('network_addresses').select(['address_id', 'source']).where('network_id', '=', networkId).execute();
      return new Map(rows.map((r) => [r.address_id, r.source as NetworkAddressSource]));
    },

    /** Every assignment, as a map network id → address id → source (for a whole import). */
    async allAssignments(): Promise<Map<string, Map<string, NetworkAddressSource>>> {
      const result = new Map<string, Map<string, NetworkAddressSource>>();
      const rows = await db.selectFrom('network_addresses').select(['network_id', 'address_id', 'source']).execute();
      for (const row of rows) {
        let network = result.get(row.network_id);
        if (!network) result.set(row.network_id, (network = new Map()));
        network.set(row.address_id, row.source as NetworkAddressSource);
      }
      return result;
    },

    async networksOfAddress(addressId: string): Promise<string[]> {
      return (await db.selectFrom('network_addresses').select('network_id').where('address_id', '=', addressId).orderBy('network_id').execute()).map((r) => r.network_id);
    },

    /** Where the addresses a street list brought in lie (the map draws them: they have no polygon). */
    async streetListPoints(networkIds: readonly string[]): Promise<Array<{ networkId: string; lat: number; lon: number; buffer: boolean }>> {
      if (networkIds.length === 0) return [];
      const rows = await db
        .selectFrom('network_addresses as na')
        .innerJoin('addresses as a', 'a.id', 'na.address_id')
        .select(['na.network_id', 'na.source', 'a.lat', 'a.lon'])
        .where('na.network_id', 'in', [...networkIds])
        .where('na.source', 'in', ['street', 'buffer'])
        .execute();
      return rows.map((r) => ({ networkId: r.network_id, lat: Number(r.lat), lon: Number(r.lon), buffer: r.source === 'buffer' }));
    },

    async countAddresses(networkIds: readonly string[]): Promise<Map<string, number>> {
      if (networkIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('network_addresses')
        .select((eb) => ['network_id', eb.fn.countAll<number>().as('n')])
        .where('network_id', 'in', [...networkIds])
        .groupBy('network_id')
        .execute();
      return new Map(rows.map((r) => [r.network_id, Number(r.n)]));
    },

    async insertAssignments(rows: ReadonlyArray<{ networkId: string; addressId: string; source: NetworkAddressSource }>, now: number): Promise<void> {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ network_id: r.networkId, address_id: r.addressId, source: r.source, assigned_at: now }));
        await db
          .insertInto('network_addresses')
          .values(values)
          .onConflict((oc) => oc.columns(['network_id', 'address_id']).doUpdateSet((eb) => ({ source: eb.ref('excluded.source') })))
          .execute();
      }
    },

    async deleteAssignments(networkId: string, addressIds: readonly string[]): Promise<void> {
      for (let i = 0; i < addressIds.length; i += IDS_PER_STATEMENT) {
        await db.deleteFrom('network_addresses').where('network_id', '=', networkId).where('address_id', 'in', addressIds.slice(i, i + IDS_PER_STATEMENT)).execute();
      }
    },

    async recordAreaChange(change: { id: string; networkId: string; entered: readonly string[]; left: readonly string[]; actorId: string | null; now: number }): Promise<void> {
      await db
        .insertInto('network_area_changes')
        .values({ id: change.id, network_id: change.networkId, entered: JSON.stringify(change.entered), left: JSON.stringify(change.left), actor_id: change.actorId, at: change.now })
        .execute();
    },

    /** The latest area changes of a network with their counts, newest first. */
    async listAreaChanges(networkId: string, limit: number): Promise<AreaChange[]> {
      const rows = await db
        .selectFrom('network_area_changes as c')
        .leftJoin('accounts as a', 'a.id', 'c.actor_id')
        .select(['c.id', 'c.network_id', 'c.entered', 'c.left', 'c.actor_id', 'c.at', 'a.name'])
        .where('c.network_id', '=', networkId)
        .orderBy('c.at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        networkId: r.network_id,
        enteredCount: (JSON.parse(r.entered) as string[]).length,
        leftCount: (JSON.parse(r.left) as string[]).length,
        actorId: r.actor_id,
        actorName: r.name,
        at: Number(r.at),
      }));
    },

    async findAreaChange(id: string): Promise<{ networkId: string; entered: string[]; left: string[]; at: number } | undefined> {
      const row = await db.selectFrom('network_area_changes').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { networkId: row.network_id, entered: JSON.parse(row.entered) as string[], left: JSON.parse(row.left) as string[], at: Number(row.at) };
    },
  };
}

export type NetworkAssignmentRepository = ReturnType<typeof createNetworkAssignmentRepository>;
