import { type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, type Expression, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DatabaseSchema } from '../../db/schema.ts';
import type { ContactKind, GreenChannel, MembershipStatus, PersonSource, RedChannel } from './members.models.ts';

/**
 * The member list of one network as coordinators and police read it: filtered, searched and paged
 * by keyset (last name, first name, id), so the 200th page costs what the first does.
 */

export const MEMBER_LIST_CHANNELS = ['voice', 'sms', 'email', 'push'] as const;
export type MemberListChannel = (typeof MEMBER_LIST_CHANNELS)[number];

export type MemberListFilters = {
  status?: MembershipStatus | undefined;
  channel?: MemberListChannel | undefined;
  /** yes: at least one verified contact point in use; no: none. */
  verified?: 'yes' | 'no' | undefined;
  language?: string | undefined;
  /**
   * A whole phone number (`phone`, E.164) finds who holds it; else part of a number (`digits`)
   * finds the numbers containing it; else `text` finds names and e-mail addresses containing it.
   */
  search?: { text: string; phone: string | null; digits: string | null } | undefined;
};

/**
 * Where a page starts: after this person in the list's order. The sort keys are the database's
 * own lower case of the names (SQLite lowers ASCII only), so a cursor matches what the query compares.
 */
export type MemberCursor = { lastName: string; firstName: string; personId: string };

export type MemberAddress = { street: string; houseNumber: string; box: string | null; postcode: string; municipality: string };

export type MemberContact = { kind: ContactKind; value: string; verifiedAt: number | null };

export type MemberListRow = {
  personId: string;
  membershipId: string;
  status: MembershipStatus;
  firstName: string;
  lastName: string;
  language: string;
  redChannels: RedChannel[];
  greenChannels: GreenChannel[];
  consentAt: number | null;
  source: PersonSource;
  invitedAt: number | null;
  address: MemberAddress | null;
  contacts: MemberContact[];
};

type ListQuery = SelectQueryBuilder<DatabaseSchema & { m: DatabaseSchema['memberships']; p: DatabaseSchema['people'] }, 'm' | 'p', object>;
type Eb = ExpressionBuilder<DatabaseSchema & { m: DatabaseSchema['memberships']; p: DatabaseSchema['people'] }, 'm' | 'p'>;

/** A LIKE pattern that finds `text` anywhere, its own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function like(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

const hasVerifiedContact = (eb: Eb) =>
  eb.exists(eb.selectFrom('contact_points as c').select('c.id').whereRef('c.person_id', '=', 'p.id').where('c.verified_at', 'is not', null).where('c.stopped_at', 'is', null));

function applyFilters(query: ListQuery, filters: MemberListFilters): ListQuery {
  let q = query;
  if (filters.status) q = q.where('m.status', '=', filters.status);
  if (filters.language) q = q.where('p.language', '=', filters.language);
  if (filters.channel) {
    // Channels are JSON arrays of closed words: '"sms"' occurs only as that element.
    const quoted = `%"${filters.channel}"%`;
    q = q.where((eb) => eb.or([eb('p.red_channels', 'like', quoted), eb('p.green_channels', 'like', quoted)]));
  }
  if (filters.verified === 'yes') q = q.where((eb) => hasVerifiedContact(eb));
  if (filters.verified === 'no') q = q.where((eb) => eb.not(hasVerifiedContact(eb)));
  const search = filters.search;
  if (search?.phone) {
    // A whole phone number: the exact E.164 value, found through the (kind, value) index.
    const phone = search.phone;
    q = q.where('p.id', 'in', (eb: Eb) => eb.selectFrom('contact_points as s').select('s.person_id').where('s.kind', 'in', ['mobile', 'landline']).where('s.value', '=', phone));
  } else if (search?.digits) {
    // Part of a number: its digits anywhere in a phone number.
    const pattern = `%${search.digits}%`;
    q = q.where((eb) => eb.exists(eb.selectFrom('contact_points as s').select('s.id').whereRef('s.person_id', '=', 'p.id').where('s.kind', '!=', 'email').where('s.value', 'like', pattern)));
  } else if (search) {
    const pattern = containsPattern(search.text);
    q = q.where((eb) =>
      eb.or([
        like(sql`${eb.ref('p.first_name')} || ' ' || ${eb.ref('p.last_name')}`, pattern),
        like(sql`${eb.ref('p.last_name')} || ' ' || ${eb.ref('p.first_name')}`, pattern),
        // Any contact value (in practice e-mail addresses: a text with letters matches no E.164 number).
        // No condition on the kind: SQLite would then take the (kind, value) index over the person's.
        eb.exists(eb.selectFrom('contact_points as s').select('s.id').whereRef('s.person_id', '=', 'p.id').where((inner) => like(inner.ref('s.value'), pattern))),
      ]),
    );
  }
  return q;
}

const CONTACT_ORDER: readonly ContactKind[] = ['mobile', 'landline', 'email'];

const PERSON_COLUMNS = ['m.id as membership_id', 'm.status', 'p.id as person_id', 'p.first_name', 'p.last_name', 'p.language', 'p.red_channels', 'p.green_channels', 'p.consent_at', 'p.source', 'p.invited_at'] as const;

type PersonColumns = {
  membership_id: string;
  status: string;
  person_id: string;
  first_name: string;
  last_name: string;
  language: string;
  red_channels: string;
  green_channels: string;
  consent_at: number | null;
  source: string;
  invited_at: number | null;
};

type Details = { addresses: Map<string, MemberAddress>; contacts: Map<string, MemberContact[]> };

function toRow(p: PersonColumns, details: Details): MemberListRow {
  return {
    personId: p.person_id,
    membershipId: p.membership_id,
    status: p.status as MembershipStatus,
    firstName: p.first_name,
    lastName: p.last_name,
    language: p.language,
    redChannels: JSON.parse(p.red_channels) as RedChannel[],
    greenChannels: JSON.parse(p.green_channels) as GreenChannel[],
    consentAt: p.consent_at === null ? null : Number(p.consent_at),
    source: p.source as PersonSource,
    invitedAt: p.invited_at === null ? null : Number(p.invited_at),
    address: details.addresses.get(p.person_id) ?? null,
    contacts: details.contacts.get(p.person_id) ?? [],
  };
}

export function createMemberListRepository({ database }: { database: Database }) {
  const { db } = database;

  const base = (networkId: string): ListQuery =>
    db.selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id').where('m.network_id', '=', networkId).where('p.erased_at', 'is', null) as unknown as ListQuery;

  /** The home address (else the first) and the contact points in use of each person. */
  async function loadDetails(personIds: readonly string[]): Promise<Details> {
    const addresses = new Map<string, MemberAddress>();
    const contacts = new Map<string, MemberContact[]>();
    for (let i = 0; i < personIds.length; i += 500) {
      const ids = personIds.slice(i, i + 500);
      const addressRows = await db.selectFrom('person_addresses').select(['person_id', 'kind', 'street', 'house_number', 'box', 'postcode', 'municipality']).where('person_id', 'in', ids).orderBy('kind').orderBy('id').execute();
      for (const a of addressRows) {
        if (!addresses.has(a.person_id)) addresses.set(a.person_id, { street: a.street, houseNumber: a.house_number, box: a.box, postcode: a.postcode, municipality: a.municipality });
      }
      const contactRows = await db.selectFrom('contact_points').select(['person_id', 'kind', 'value', 'verified_at']).where('person_id', 'in', ids).where('stopped_at', 'is', null).orderBy('created_at').orderBy('id').execute();
      for (const c of contactRows) {
        const list = contacts.get(c.person_id) ?? [];
        list.push({ kind: c.kind as ContactKind, value: c.value, verifiedAt: c.verified_at === null ? null : Number(c.verified_at) });
        contacts.set(c.person_id, list);
      }
    }
    // Mobile, landline, e-mail: the order people think of them in (stable: the sort keeps insertion order within a kind).
    for (const list of contacts.values()) list.sort((a, b) => CONTACT_ORDER.indexOf(a.kind) - CONTACT_ORDER.indexOf(b.kind));
    return { addresses, contacts };
  }

  /** The page's people in list order, without their addresses and contact points. */
  async function pageOfPeople(networkId: string, filters: MemberListFilters, options: { after?: MemberCursor | undefined; limit: number }) {
    let query = applyFilters(base(networkId), filters);
    const after = options.after;
    if (after) {
      query = query.where((eb) =>
        eb(eb.tuple(sql<string>`lower(${eb.ref('p.last_name')})`, sql<string>`lower(${eb.ref('p.first_name')})`, eb.ref('p.id')), '>', eb.tuple(after.lastName, after.firstName, after.personId)),
      );
    }
    return query
      .select([...PERSON_COLUMNS])
      .select([sql<string>`lower(p.last_name)`.as('sort_last'), sql<string>`lower(p.first_name)`.as('sort_first')])
      .orderBy(sql`lower(p.last_name)`)
      .orderBy(sql`lower(p.first_name)`)
      .orderBy('p.id')
      .limit(options.limit)
      .execute();
  }

  return {
    /**
     * One page of the network's members (never anyone else's), sorted by last name, and the
     * cursor of the next page (null on the last).
     */
    async page(networkId: string, filters: MemberListFilters, options: { after?: MemberCursor | undefined; limit: number }): Promise<{ rows: MemberListRow[]; next: MemberCursor | null }> {
      const people = await pageOfPeople(networkId, filters, { after: options.after, limit: options.limit + 1 });
      const shown = people.slice(0, options.limit);
      const details = await loadDetails(shown.map((p) => p.person_id));
      const rows = shown.map((p) => toRow(p, details));
      const last = shown.at(-1);
      return { rows, next: people.length > options.limit && last ? { lastName: last.sort_last, firstName: last.sort_first, personId: last.person_id } : null };
    },

    /** How many members match the filters. */
    async count(networkId: string, filters: MemberListFilters): Promise<number> {
      const row = await applyFilters(base(networkId), filters)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    details: loadDetails,

    /**
     * Active members who cannot be reached: no consent yet, or no verified contact point in use.
     * Sorted by postcode, street and house number, the order of a round from door to door.
     */
    async unreachable(networkId: string): Promise<MemberListRow[]> {
      const people = await base(networkId)
        .where('m.status', '=', 'active')
        .where((eb) => eb.or([eb('p.consent_at', 'is', null), eb.not(hasVerifiedContact(eb))]))
        .select([...PERSON_COLUMNS])
        .execute();
      const details = await loadDetails(people.map((p) => p.person_id));
      const rows = people.map((p) => toRow(p, details));
      const houseNumber = (text: string) => Number.parseInt(text, 10) || 0;
      return rows.sort(
        (a, b) =>
          (a.address?.postcode ?? '').localeCompare(b.address?.postcode ?? '') ||
          (a.address?.street ?? '').localeCompare(b.address?.street ?? '', 'nl') ||
          houseNumber(a.address?.houseNumber ?? '') - houseNumber(b.address?.houseNumber ?? '') ||
          (a.address?.houseNumber ?? '').localeCompare(b.address?.houseNumber ?? '') ||
          a.lastName.localeCompare(b.lastName, 'nl'),
      );
    },
  };
}

export type MemberListRepository = ReturnType<typeof createMemberListRepository>;
