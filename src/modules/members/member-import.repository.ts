import type { Insertable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { ContactPointsTable, MembershipChangesTable, MembershipsTable, PeopleTable, PersonAddressesTable } from '../../db/schema.ts';

/** Rows per multi-row INSERT and ids per IN list: far below the bound-parameter limits of both engines. */
const ROWS_PER_STATEMENT = 500;
const IDS_PER_STATEMENT = 500;

/** An address of the register as the import geocodes against it. */
export type RegisterAddress = {
  id: string;
  streetNl: string | null;
  streetFr: string | null;
  streetDe: string | null;
  municipalityNl: string | null;
  municipalityFr: string | null;
  municipalityDe: string | null;
  houseNumber: string;
  box: string | null;
  postcode: string;
  lat: number;
  lon: number;
  status: string;
};

/** Someone already in the network (or who was), with what tells them apart. */
export type KnownMember = { personId: string; status: string; firstName: string; lastName: string; addresses: Array<{ street: string; houseNumber: string; box: string | null; postcode: string }>; contacts: string[] };

export type StoredCheck = {
  id: string;
  networkId: string;
  accountId: string | null;
  fileName: string;
  encoding: string;
  status: 'checked' | 'imported';
  rows: string;
  report: string;
  createdAt: number;
  expiresAt: number;
};

/** The rows one import writes, table by table. */
export type ImportWrite = {
  people: Insertable<PeopleTable>[];
  addresses: Insertable<PersonAddressesTable>[];
  contacts: Insertable<ContactPointsTable>[];
  memberships: Insertable<MembershipsTable>[];
  changes: Insertable<MembershipChangesTable>[];
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** What a member-list import reads and writes: the register, the network's members, the stored checks. */
export function createMemberImportRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /** Every address of the register with one of these postcodes (whatever its status). */
    async addressesWithPostcodes(postcodes: readonly string[]): Promise<RegisterAddress[]> {
      const result: RegisterAddress[] = [];
      for (const part of chunks([...new Set(postcodes)], IDS_PER_STATEMENT)) {
        const rows = await db
          .selectFrom('addresses')
          .select(['id', 'street_nl', 'street_fr', 'street_de', 'municipality_nl', 'municipality_fr', 'municipality_de', 'house_number', 'box', 'postcode', 'lat', 'lon', 'status'])
          .where('postcode', 'in', part)
          .execute();
        for (const r of rows) {
          result.push({
            id: r.id,
            streetNl: r.street_nl,
            streetFr: r.street_fr,
            streetDe: r.street_de,
            municipalityNl: r.municipality_nl,
            municipalityFr: r.municipality_fr,
            municipalityDe: r.municipality_de,
            houseNumber: r.house_number,
            box: r.box,
            postcode: r.postcode,
            lat: Number(r.lat),
            lon: Number(r.lon),
            status: r.status,
          });
        }
      }
      return result;
    },

    /** The addresses the network covers (its area and street list, as assigned). */
    async coveredAddressIds(networkId: string): Promise<Set<string>> {
      const rows = await db.selectFrom('network_addresses').select('address_id').where('network_id', '=', networkId).execute();
      return new Set(rows.map((r) => r.address_id));
    },

    /** Everyone with a membership of the network, whatever its status, except erased people. */
    async knownMembers(networkId: string): Promise<KnownMember[]> {
      const people = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select(['p.id', 'm.status', 'p.first_name', 'p.last_name'])
        .where('m.network_id', '=', networkId)
        .where('p.erased_at', 'is', null)
        .execute();
      const byId = new Map<string, KnownMember>(people.map((p) => [p.id, { personId: p.id, status: p.status, firstName: p.first_name, lastName: p.last_name, addresses: [], contacts: [] }]));
      const members = db.selectFrom('memberships').select('person_id').where('network_id', '=', networkId);
      const addresses = await db.selectFrom('person_addresses').select(['person_id', 'street', 'house_number', 'box', 'postcode']).where('person_id', 'in', members).execute();
      for (const a of addresses) byId.get(a.person_id)?.addresses.push({ street: a.street, houseNumber: a.house_number, box: a.box, postcode: a.postcode });
      const contacts = await db.selectFrom('contact_points').select(['person_id', 'value']).where('person_id', 'in', members).where('stopped_at', 'is', null).execute();
      for (const c of contacts) byId.get(c.person_id)?.contacts.push(c.value);
      return [...byId.values()];
    },

    /**
     * People of the zone holding one of these values as a verified contact point (one person
     * however many networks: an imported row with the same name and number is them).
     */
    async verifiedHolders(zoneId: string, values: readonly string[]): Promise<Array<{ personId: string; value: string; firstName: string; lastName: string }>> {
      const result: Array<{ personId: string; value: string; firstName: string; lastName: string }> = [];
      for (const part of chunks([...new Set(values)], IDS_PER_STATEMENT)) {
        const rows = await db
          .selectFrom('contact_points as c')
          .innerJoin('people as p', 'p.id', 'c.person_id')
          .select(['c.person_id', 'c.value', 'p.first_name', 'p.last_name'])
          // The kind lets both engines use the (kind, value) index.
          .where('c.kind', 'in', ['mobile', 'landline', 'email'])
          .where('c.value', 'in', part)
          .where('c.verified_at', 'is not', null)
          .where('c.stopped_at', 'is', null)
          .where('p.zone_id', '=', zoneId)
          .where('p.erased_at', 'is', null)
          .execute();
        for (const r of rows) result.push({ personId: r.person_id, value: r.value, firstName: r.first_name, lastName: r.last_name });
      }
      return result;
    },

    async saveCheck(check: StoredCheck): Promise<void> {
      await db
        .insertInto('member_imports')
        .values({
          id: check.id,
          network_id: check.networkId,
          account_id: check.accountId,
          file_name: check.fileName,
          encoding: check.encoding,
          status: check.status,
          rows: check.rows,
          report: check.report,
          created_at: check.createdAt,
          expires_at: check.expiresAt,
          imported_at: null,
        })
        .execute();
    },

    /** A stored check of the network, while it has not expired. */
    async findCheck(id: string, networkId: string, now: number): Promise<StoredCheck | undefined> {
      const row = await db.selectFrom('member_imports').selectAll().where('id', '=', id).where('network_id', '=', networkId).where('expires_at', '>', now).executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        networkId: row.network_id,
        accountId: row.account_id,
        fileName: row.file_name,
        encoding: row.encoding,
        status: row.status as StoredCheck['status'],
        rows: row.rows,
        report: row.report,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      };
    },

    /** Claims a check for its import: true once, for the first caller (a second click imports nothing). */
    async claimCheck(id: string, now: number): Promise<boolean> {
      const result = await db.updateTable('member_imports').set({ status: 'imported', imported_at: now, rows: '[]' }).where('id', '=', id).where('status', '=', 'checked').where('expires_at', '>', now).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Removes expired checks (they hold personal data); returns how many. */
    async deleteExpired(now: number): Promise<number> {
      const result = await db.deleteFrom('member_imports').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Writes one batch of an import, table by table in multi-row statements. Call inside the import's transaction. */
    async writeBatch(write: ImportWrite): Promise<void> {
      for (const part of chunks(write.people, ROWS_PER_STATEMENT)) await db.insertInto('people').values(part).execute();
      for (const part of chunks(write.addresses, ROWS_PER_STATEMENT)) await db.insertInto('person_addresses').values(part).execute();
      for (const part of chunks(write.contacts, ROWS_PER_STATEMENT)) await db.insertInto('contact_points').values(part).execute();
      for (const part of chunks(write.memberships, ROWS_PER_STATEMENT)) await db.insertInto('memberships').values(part).execute();
      for (const part of chunks(write.changes, ROWS_PER_STATEMENT)) await db.insertInto('membership_changes').values(part).execute();
    },
  };
}

export type MemberImportRepository = ReturnType<typeof createMemberImportRepository>;
