import type { Updateable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { PeopleTable, PersonAddressesTable } from '../../db/schema.ts';
import type { GreenChannel, Person, PersonAddress, PersonAddressKind, PersonSource, RedChannel } from './members.models.ts';

function toPerson(row: PeopleTable): Person {
  return {
    id: row.id,
    zoneId: row.zone_id,
    firstName: row.first_name,
    lastName: row.last_name,
    language: row.language,
    redChannels: JSON.parse(row.red_channels) as RedChannel[],
    greenChannels: JSON.parse(row.green_channels) as GreenChannel[],
    quietFrom: row.quiet_from === null ? null : Number(row.quiet_from),
    quietUntil: row.quiet_until === null ? null : Number(row.quiet_until),
    pauseFrom: row.pause_from === null ? null : Number(row.pause_from),
    pauseUntil: row.pause_until === null ? null : Number(row.pause_until),
    consentVersion: row.consent_version === null ? null : Number(row.consent_version),
    consentAt: row.consent_at === null ? null : Number(row.consent_at),
    source: row.source as PersonSource,
    invitedAt: row.invited_at === null ? null : Number(row.invited_at),
    erasedAt: row.erased_at === null ? null : Number(row.erased_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toAddress(row: PersonAddressesTable): PersonAddress {
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind as PersonAddressKind,
    addressId: row.address_id,
    street: row.street,
    houseNumber: row.house_number,
    box: row.box,
    postcode: row.postcode,
    municipality: row.municipality,
    lat: row.lat === null ? null : Number(row.lat),
    lon: row.lon === null ? null : Number(row.lon),
  };
}

/** The fields of a person that change after registration (preferences, names, consent, erasure). */
export type PersonChanges = Partial<Omit<Person, 'id' | 'zoneId' | 'source' | 'createdAt' | 'updatedAt'>> & { now: number };

function toRowChanges(changes: PersonChanges): Updateable<PeopleTable> {
  const row: Updateable<PeopleTable> = { updated_at: changes.now };
  if (changes.firstName !== undefined) row.first_name = changes.firstName;
  if (changes.lastName !== undefined) row.last_name = changes.lastName;
  if (changes.language !== undefined) row.language = changes.language;
  if (changes.redChannels !== undefined) row.red_channels = JSON.stringify(changes.redChannels);
  if (changes.greenChannels !== undefined) row.green_channels = JSON.stringify(changes.greenChannels);
  if (changes.quietFrom !== undefined) row.quiet_from = changes.quietFrom;
  if (changes.quietUntil !== undefined) row.quiet_until = changes.quietUntil;
  if (changes.pauseFrom !== undefined) row.pause_from = changes.pauseFrom;
  if (changes.pauseUntil !== undefined) row.pause_until = changes.pauseUntil;
  if (changes.consentVersion !== undefined) row.consent_version = changes.consentVersion;
  if (changes.consentAt !== undefined) row.consent_at = changes.consentAt;
  if (changes.invitedAt !== undefined) row.invited_at = changes.invitedAt;
  if (changes.erasedAt !== undefined) row.erased_at = changes.erasedAt;
  return row;
}

/** People and their addresses. A person is one record however many networks they belong to. */
export function createPeopleRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async insert(person: Omit<Person, 'createdAt' | 'updatedAt'> & { now: number }): Promise<void> {
      await db
        .insertInto('people')
        .values({
          id: person.id,
          zone_id: person.zoneId,
          first_name: person.firstName,
          last_name: person.lastName,
          language: person.language,
          red_channels: JSON.stringify(person.redChannels),
          green_channels: JSON.stringify(person.greenChannels),
          quiet_from: person.quietFrom,
          quiet_until: person.quietUntil,
          pause_from: person.pauseFrom,
          pause_until: person.pauseUntil,
          consent_version: person.consentVersion,
          consent_at: person.consentAt,
          source: person.source,
          invited_at: person.invitedAt,
          erased_at: person.erasedAt,
          created_at: person.now,
          updated_at: person.now,
        })
        .execute();
    },

    async findById(id: string): Promise<Person | undefined> {
      const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toPerson(row);
    },

    async update(id: string, changes: PersonChanges): Promise<void> {
      await db.updateTable('people').set(toRowChanges(changes)).where('id', '=', id).execute();
    },

    /** Removes a person and, by cascade, their addresses, contact points, memberships, links and sessions. */
    async delete(id: string): Promise<void> {
      await db.deleteFrom('people').where('id', '=', id).execute();
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertAddress(address: PersonAddress): Promise<void> {
      await db
        .insertInto('person_addresses')
        .values({
          id: address.id,
          person_id: address.personId,
          kind: address.kind,
          address_id: address.addressId,
          street: address.street,
          house_number: address.houseNumber,
          box: address.box,
          postcode: address.postcode,
          municipality: address.municipality,
          lat: address.lat,
          lon: address.lon,
        })
        .execute();
    },

    /** A person's addresses, home first. */
    async listAddresses(personId: string): Promise<PersonAddress[]> {
      const rows = await db.selectFrom('person_addresses').selectAll().where('person_id', '=', personId).orderBy('kind').orderBy('id').execute();
      return rows.map(toAddress);
    },

    /** Replaces the person's address(es) of one kind by `address` (or removes them when null). */
    async replaceAddress(personId: string, kind: PersonAddressKind, address: PersonAddress | null): Promise<void> {
      await db.deleteFrom('person_addresses').where('person_id', '=', personId).where('kind', '=', kind).execute();
      if (address) await this.insertAddress(address);
    },

    async deleteAddresses(personId: string): Promise<number> {
      const result = await db.deleteFrom('person_addresses').where('person_id', '=', personId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Moves addresses to another person (a merge), leaving out those the other person already has. */
    async moveAddresses(fromPersonId: string, toPersonId: string): Promise<void> {
      const kept = await this.listAddresses(toPersonId);
      for (const address of await this.listAddresses(fromPersonId)) {
        const duplicate = kept.some((k) => k.kind === address.kind && k.addressId !== null && k.addressId === address.addressId && (k.box ?? '') === (address.box ?? ''));
        if (duplicate) await db.deleteFrom('person_addresses').where('id', '=', address.id).execute();
        else await db.updateTable('person_addresses').set({ person_id: toPersonId }).where('id', '=', address.id).execute();
      }
    },
  };
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>;
