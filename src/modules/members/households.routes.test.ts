import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type MemberFixtures, createVisitor, registrationForm, seedMemberFixtures, spokenCode } from './members.test-support.ts';

const LANDLINE = '+3216234567';

describe('households: several people behind one phone number', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let fixtures: MemberFixtures;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock();
    app = await createTestApp({ clock });
    server = await createTestServer(app);
    fixtures = await seedMemberFixtures(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  /** One member of the household registers with the shared landline and types the code the call speaks. */
  async function registerOnLandline(firstName: string) {
    const visitor = createVisitor(app, server);
    const form = registrationForm({ firstName, lastName: 'Claes', homeNumber: '2', mobile1: '', landline1: '016 23 45 67', email1: '', red: 'voice', green: [] });
    expect((await visitor.post('/join/PZ-TEST/register', form)).statusCode).toBe(303);
    const contact = await app.database.db.selectFrom('contact_points').select(['id', 'person_id']).where('value', '=', LANDLINE).where('verified_at', 'is', null).executeTakeFirstOrThrow();
    clock.advance(1000);
    expect((await visitor.post(`/me/contacts/${contact.id}/verify`, { code: spokenCode(app, LANDLINE) })).statusCode).toBe(303);
    return { visitor, personId: contact.person_id };
  }

  it('given two registrations on one landline, each verifying by the spoken code, there are two people with their own names and memberships and one number', async () => {
    const marie = await registerOnLandline('Marie');
    const jan = await registerOnLandline('Jan');

    expect(jan.personId).not.toBe(marie.personId);
    const people = await app.database.db.selectFrom('people').select(['id', 'first_name', 'last_name']).orderBy('first_name').execute();
    expect(people.map((p) => `${p.first_name} ${p.last_name}`)).toEqual(['Jan Claes', 'Marie Claes']);
    for (const { personId } of [marie, jan]) {
      expect((await app.memberships.listForPerson(personId)).map((m) => [m.networkId, m.status])).toEqual([[fixtures.network.id, 'pending']]);
      expect((await app.people.listAddresses(personId)).map((a) => `${a.street} ${a.houseNumber}`)).toEqual(['Kerkstraat 2']);
    }
    const values = await app.database.db.selectFrom('contact_points').select('value').distinct().execute();
    expect(values).toEqual([{ value: LANDLINE }]);
    expect((await app.contactPoints.listVerifiedHolders('landline', LANDLINE)).map((c) => c.personId)).toEqual([marie.personId, jan.personId]);
    expect(await app.audit.list({ zoneIds: 'all', limit: 10, actionPrefix: 'members.merged' })).toEqual([]);
    const [verified] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.contact_verified' });
    expect(JSON.parse(verified!.details)).toMatchObject({ kind: 'landline', sharedWith: 1 });

    // Each keeps their own self-service page.
    expect((await marie.visitor.get('/me/profile')).body).toContain('Marie');
    expect((await jan.visitor.get('/me/profile')).body).toContain('Jan');
    expect((await jan.visitor.get('/me/profile')).body).not.toContain('Marie');
  });

  it('given one of the household erasing their data, only their link to the number goes and the other stays reachable on it', async () => {
    const marie = await registerOnLandline('Marie');
    const jan = await registerOnLandline('Jan');

    const erased = await jan.visitor.post('/me/delete', { confirm: 'yes' });
    expect(erased.headers.location).toBe('/me/deleted');

    const holders = await app.contactPoints.listVerifiedHolders('landline', LANDLINE);
    expect(holders.map((c) => c.personId)).toEqual([marie.personId]);
    expect(await app.contactPoints.listForPerson(jan.personId)).toEqual([]);
    expect((await app.people.findById(marie.personId))!).toMatchObject({ firstName: 'Marie', erasedAt: null, redChannels: ['voice'] });
  });
});
