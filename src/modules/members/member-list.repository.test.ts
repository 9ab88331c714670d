import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type CoordinatorWorld, insertMember, seedCoordinatorWorld } from './coordinator.test-support.ts';
import { readSearch } from './member-list.models.ts';
import { type MemberCursor, type MemberListFilters, createMemberListRepository } from './member-list.repository.ts';

describe.each(TEST_DIALECTS)('member list repository on %s', (dialect) => {
  let database: TestDatabase;
  let world: CoordinatorWorld;
  const clock = createManualClock();
  const ids: Record<string, string> = {};
  const repository = () => createMemberListRepository({ database });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    world = await seedCoordinatorWorld(database, clock);
    const now = clock.now();
    const a = { networkId: world.networkA, zoneId: world.zoneId };
    ids.peeters = await insertMember(database, now, { ...a, firstName: 'Jan', lastName: 'Peeters', contacts: [{ kind: 'mobile', value: '+32470123456' }, { kind: 'email', value: 'jan@example.be' }] });
    ids.claes = await insertMember(database, now, { ...a, firstName: 'Marie', lastName: 'Claes', language: 'fr', redChannels: ['sms'], greenChannels: ['sms'], contacts: [{ kind: 'mobile', value: '+32486000001', verified: false }] });
    ids.deSmet = await insertMember(database, now, { ...a, firstName: 'An', lastName: 'de Smet', contacts: [{ kind: 'landline', value: '+3216234567' }] });
    ids.desmet = await insertMember(database, now, { ...a, firstName: 'Bart', lastName: 'De Smet', status: 'pending', contacts: [] });
    ids.aerts = await insertMember(database, now, { ...a, firstName: 'Zoë', lastName: 'Aerts', consent: false, source: 'import', contacts: [{ kind: 'email', value: 'zoe@example.be', verified: false }], address: { street: 'Kerkstraat', houseNumber: '40', postcode: '3079', municipality: 'Heidebeek' } });
    ids.wouters = await insertMember(database, now, { ...a, firstName: 'Karel', lastName: 'Wouters', status: 'left', contacts: [] });
    ids.janssens = await insertMember(database, now, { ...a, firstName: 'Piet', lastName: 'Janssens', consent: false, source: 'import', contacts: [], address: { street: 'Kerkstraat', houseNumber: '3', postcode: '3079', municipality: 'Heidebeek' } });
    // Same names and number as network A's members, but in network B: never in A's list.
    ids.otherPeeters = await insertMember(database, now, { networkId: world.networkB, zoneId: world.zoneId, firstName: 'Jan', lastName: 'Peeters', contacts: [{ kind: 'mobile', value: '+32470123456' }] });
  });
  afterAll(async () => {
    await database.destroy();
  });

  const names = async (filters: MemberListFilters) => (await repository().page(world.networkA, filters, { limit: 100 })).rows.map((r) => `${r.firstName} ${r.lastName}`);

  it('given members in two networks, the list of one shows only its own, by last name', async () => {
    expect(await names({})).toEqual(['Zoë Aerts', 'Marie Claes', 'An de Smet', 'Bart De Smet', 'Piet Janssens', 'Jan Peeters', 'Karel Wouters']);
    expect(await repository().count(world.networkA, {})).toBe(7);
    const page = await repository().page(world.networkB, {}, { limit: 100 });
    expect(page.rows.map((r) => r.personId)).toEqual([ids.otherPeeters]);
  });

  it('given a phone number typed in national format, the member holding it in E.164 is found', async () => {
    expect(await names({ search: readSearch('0470 12 34 56') })).toEqual(['Jan Peeters']);
    expect(await names({ search: readSearch('0470/12') })).toEqual(['Jan Peeters']);
    expect(await names({ search: readSearch('016 23 45 67') })).toEqual(['An de Smet']);
  });

  it('given part of a name or e-mail address in any case, the members containing it are found', async () => {
    expect(await names({ search: readSearch('SMET') })).toEqual(['An de Smet', 'Bart De Smet']);
    expect(await names({ search: readSearch('jan peeters') })).toEqual(['Jan Peeters']);
    expect(await names({ search: readSearch('zoe@example') })).toEqual(['Zoë Aerts']);
    expect(await names({ search: readSearch('100%') })).toEqual([]);
  });

  it('given filters, only the members matching all of them are listed', async () => {
    expect(await names({ status: 'pending' })).toEqual(['Bart De Smet']);
    expect(await names({ language: 'fr' })).toEqual(['Marie Claes']);
    expect(await names({ channel: 'sms' })).toEqual(['Marie Claes']);
    expect(await names({ verified: 'yes' })).toEqual(['An de Smet', 'Jan Peeters']);
    expect(await names({ verified: 'no', status: 'active' })).toEqual(['Zoë Aerts', 'Marie Claes', 'Piet Janssens']);
    expect(await repository().count(world.networkA, { verified: 'no' })).toBe(5);
  });

  it('given pages of two, walking the cursors lists every member once, in order, without gaps', async () => {
    const all = (await repository().page(world.networkA, {}, { limit: 100 })).rows.map((r) => r.personId);
    const seen: string[] = [];
    let after: MemberCursor | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await repository().page(world.networkA, {}, { after, limit: 2 });
      seen.push(...page.rows.map((r) => r.personId));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(7);
  });

  it('given a page, each member comes with their home address and contact points in use', async () => {
    const [peeters] = (await repository().page(world.networkA, { search: readSearch('Peeters') }, { limit: 10 })).rows;
    expect(peeters).toMatchObject({
      status: 'active',
      address: { street: 'Kerkstraat', houseNumber: '1', box: null, postcode: '3079', municipality: 'Heidebeek' },
      contacts: [
        { kind: 'mobile', value: '+32470123456', verifiedAt: clock.now() },
        { kind: 'email', value: 'jan@example.be', verifiedAt: clock.now() },
      ],
    });
  });

  it('given active members without consent or without a verified contact point, the unreachable list holds them in street order', async () => {
    const rows = await repository().unreachable(world.networkA);
    expect(rows.map((r) => [r.lastName, r.address?.houseNumber])).toEqual([
      ['Claes', '1'],
      ['Janssens', '3'],
      ['Aerts', '40'],
    ]);
  });
});
