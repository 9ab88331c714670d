import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type MemberFixtures, createVisitor, linkIn, registrationForm, seedMemberFixtures, spokenCode } from './members.test-support.ts';

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
    const verified = await visitor.post(`/me/contacts/${contact.id}/verify`, { code: spokenCode(app, LANDLINE) });
    expect(verified.statusCode).toBe(303);
    return { visitor, personId: contact.person_id, contactId: contact.id, next: verified.headers.location as string };
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

  it('given the second of a household proving the number, they are asked whether an earlier record is theirs, and "we share it" keeps two people', async () => {
    const marie = await registerOnLandline('Marie');
    expect(marie.next).toBe(`/me/verify?verified=${marie.contactId}`);
    const jan = await registerOnLandline('Jan');
    expect(jan.next).toBe(`/me/contacts/${jan.contactId}/shared`);

    const question = await jan.visitor.get(jan.next);
    expect(question.statusCode).toBe(200);
    expect(question.body).toContain('Dat ben ik: Marie C.');
    expect(question.body).not.toContain('Marie Claes');
    expect(question.body).toContain(`/me/verify?verified=${jan.contactId}`);
    expect(await app.database.db.selectFrom('people').select('id').execute()).toHaveLength(2);

    // After the code's lifetime the question is no longer asked: only a fresh proof opens it.
    clock.advance(15 * 60_000 + 1);
    expect((await jan.visitor.get(jan.next)).statusCode).toBe(404);
  });

  it('given "that is me" after proving the number, the new record joins the earlier one, the session follows and the audit says the member chose it', async () => {
    const first = await registerOnLandline('Marie');
    const again = await registerOnLandline('Marie');
    const chosen = await again.visitor.post(again.next, { person: first.personId });
    expect(chosen.headers.location).toBe('/me');

    expect((await app.database.db.selectFrom('people').select('id').execute()).map((p) => p.id)).toEqual([first.personId]);
    expect((await app.contactPoints.listForPerson(first.personId)).map((c) => c.value)).toEqual([LANDLINE]);
    expect((await again.visitor.get('/me/profile')).body).toContain('Marie');
    const [merge] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.merged' });
    expect(merge).toMatchObject({ objectId: first.personId, actorLabel: 'member' });
    expect(JSON.parse(merge!.details)).toEqual({ mergedPersonId: again.personId, chosenBy: 'member', sameVerified: 'landline', keptFromMerged: [] });
  });

  it('given a choice of a record that does not share the number, nothing is merged', async () => {
    const stranger = createVisitor(app, server);
    await stranger.post('/join/PZ-TEST/register', registrationForm({ firstName: 'Bert', mobile1: '0471 11 22 33', email1: '', green: [] }));
    const bert = await app.database.db.selectFrom('contact_points').select('person_id').where('value', '=', '+32471112233').executeTakeFirstOrThrow();
    await registerOnLandline('Marie');
    const jan = await registerOnLandline('Jan');
    expect((await jan.visitor.post(jan.next, { person: bert.person_id })).statusCode).toBe(404);
    expect(await app.database.db.selectFrom('people').select('id').execute()).toHaveLength(3);
  });

  it('given a registration with an e-mail address already verified for someone, no second person is made and the sign-in link goes to that person', async () => {
    const an = createVisitor(app, server);
    await an.post('/join/PZ-TEST/register', registrationForm());
    await createVisitor(app, server).post(linkIn(app, 'an.peeters@example.be', '/me/verify-email/'));
    const anId = (await app.database.db.selectFrom('people').select('id').executeTakeFirstOrThrow()).id;
    clock.advance(60_000);

    const again = createVisitor(app, server);
    const response = await again.post('/join/PZ-TEST/register', registrationForm({ firstName: 'Anna', mobile1: '0472 00 00 00' }));
    expect(response.headers.location).toBe('/me/sign-in?known=1');
    expect(again.memberToken).toBeUndefined();
    expect((await again.get(response.headers.location as string)).body).toContain('Dit e-mailadres hoort al bij een lid');
    expect((await app.database.db.selectFrom('people').select('id').execute()).map((p) => p.id)).toEqual([anId]);
    expect(app.sms.sent.filter((m) => m.to === '+32472000000')).toEqual([]);

    const signIn = await again.post(linkIn(app, 'an.peeters@example.be', '/me/sign-in/'));
    expect(signIn.headers.location).toBe('/me');
    expect((await again.get('/me/profile')).body).toContain('Peeters');
  });
});
