import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type MemberFixtures, createVisitor, linkIn, registrationForm, seedMemberFixtures, smsCode } from './members.test-support.ts';

describe('verification of contact points', () => {
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

  async function register(overrides: Record<string, string | string[]> = {}) {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm(overrides));
    expect(response.statusCode).toBe(303);
    return visitor;
  }

  const verifiedAt = async (value: string) => (await app.database.db.selectFrom('contact_points').select('verified_at').where('value', '=', value).executeTakeFirstOrThrow()).verified_at;

  it('given the e-mail link, opening it shows a button and verifies nothing; only pressing it verifies, once', async () => {
    await register();
    const link = linkIn(app, 'an.peeters@example.be', '/me/verify-email/');
    const scanner = createVisitor(app, server);
    const opened = await scanner.get(link);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Bevestig mijn e-mailadres');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    expect(await verifiedAt('an.peeters@example.be')).toBeNull();

    const pressed = await scanner.post(link);
    expect(pressed.statusCode).toBe(200);
    expect(pressed.body).toContain('Uw e-mailadres is bevestigd.');
    expect(await verifiedAt('an.peeters@example.be')).toBe(clock.now());

    expect((await scanner.post(link)).statusCode).toBe(410);
    expect((await scanner.get(link)).statusCode).toBe(410);
  });

  it('given an e-mail link older than 48 hours, it no longer verifies', async () => {
    await register();
    const link = linkIn(app, 'an.peeters@example.be', '/me/verify-email/');
    clock.advance(48 * 3_600_000 + 1);
    expect((await createVisitor(app, server).post(link)).statusCode).toBe(410);
    expect(await verifiedAt('an.peeters@example.be')).toBeNull();
  });

  it('given the SMS code, typing it verifies the mobile number', async () => {
    const visitor = await register();
    const contact = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    const response = await visitor.post(`/me/contacts/${contact}/verify`, { code: smsCode(app, '+32470123456') });
    expect(response.statusCode).toBe(303);
    expect(await verifiedAt('+32470123456')).toBe(clock.now());
    const page = await visitor.get(response.headers.location as string);
    expect(page.body).toContain('0470 12 34 56 is bevestigd.');
  });

  it('given a wrong SMS code five times, the code is used up and even the right one is refused until a new code is sent', async () => {
    const visitor = await register();
    const contact = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    const right = smsCode(app, '+32470123456');
    const wrong = right === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await visitor.post(`/me/contacts/${contact}/verify`, { code: wrong });
      expect(response.body).toContain(`U kunt het nog ${5 - attempt} keer proberen.`);
    }
    expect((await visitor.post(`/me/contacts/${contact}/verify`, { code: wrong })).body).toContain('U gaf 5 keer een verkeerde code in. Vraag een nieuwe code aan.');
    expect((await visitor.post(`/me/contacts/${contact}/verify`, { code: right })).body).toContain('U gaf 5 keer een verkeerde code in.');
    expect(await verifiedAt('+32470123456')).toBeNull();

    // A new code right away is refused (one a minute), after the cooldown it is sent.
    expect((await visitor.post(`/me/contacts/${contact}/resend`)).headers.location).toBe('/me/verify?wait=60');
    clock.advance(60_000);
    expect((await visitor.post(`/me/contacts/${contact}/resend`)).headers.location).toBe('/me/verify?sent=1');
    expect(app.sms.sent).toHaveLength(2);
    await visitor.post(`/me/contacts/${contact}/verify`, { code: smsCode(app, '+32470123456') });
    expect(await verifiedAt('+32470123456')).toBe(clock.now());
  });

  it('given "send again" pressed every minute, only five new codes go out in an hour', async () => {
    const visitor = await register();
    const contact = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    // The manual clock starts on the hour; the first code went out at registration.
    const answers = [];
    for (let i = 0; i < 6; i++) {
      clock.advance(60_000);
      answers.push((await visitor.post(`/me/contacts/${contact}/resend`)).headers.location);
    }
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('/me/verify?sent=1'));
    expect(answers[5]).toBe(`/me/verify?wait=${3600 - 6 * 60}`);
    expect(app.sms.sent).toHaveLength(1 + 5);
  });

  it('given an SMS code older than 15 minutes, it is refused as expired', async () => {
    const visitor = await register();
    const contact = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    clock.advance(15 * 60_000);
    const response = await visitor.post(`/me/contacts/${contact}/verify`, { code: smsCode(app, '+32470123456') });
    expect(response.body).toContain('Deze code is verlopen.');
    expect(await verifiedAt('+32470123456')).toBeNull();
  });

  it('given a code for a contact point of someone else, the member gets a not-found page and nothing changes', async () => {
    await register();
    const other = await register({ firstName: 'Bert', mobile1: '0471 11 22 33', email1: 'bert@example.be' });
    const anContact = (await app.database.db.selectFrom('contact_points').select('id').where('value', '=', '+32470123456').executeTakeFirstOrThrow()).id;
    const response = await other.post(`/me/contacts/${anContact}/verify`, { code: smsCode(app, '+32470123456') });
    expect(response.statusCode).toBe(404);
    expect(await verifiedAt('+32470123456')).toBeNull();
  });

  it('given a second registration with a mobile number another person already verified, verifying it links the number to both and merges nobody', async () => {
    const first = await register({ email1: '', green: [] });
    const mobileOfFirst = await app.database.db.selectFrom('contact_points').select(['id', 'person_id']).where('value', '=', '+32470123456').executeTakeFirstOrThrow();
    await first.post(`/me/contacts/${mobileOfFirst.id}/verify`, { code: smsCode(app, '+32470123456') });

    const second = await addNetworkAndRegisterAgain();
    const secondPerson = await app.database.db.selectFrom('contact_points').select(['id', 'person_id']).where('value', '=', '+32470123456').where('verified_at', 'is', null).executeTakeFirstOrThrow();
    clock.advance(1000);
    const response = await second.visitor.post(`/me/contacts/${secondPerson.id}/verify`, { code: smsCode(app, '+32470123456') });
    expect(response.statusCode).toBe(303);

    const people = await app.database.db.selectFrom('people').select('id').execute();
    expect(people.map((p) => p.id).sort()).toEqual([mobileOfFirst.person_id, secondPerson.person_id].sort());
    expect((await app.memberships.listForPerson(mobileOfFirst.person_id)).map((m) => m.networkName)).toEqual(['BIN Kerkstraat']);
    expect((await app.memberships.listForPerson(secondPerson.person_id)).map((m) => m.networkName)).toEqual(['BIN Stationsstraat']);
    const holders = await app.contactPoints.listVerifiedHolders('mobile', '+32470123456');
    expect(holders.map((c) => c.personId)).toEqual([mobileOfFirst.person_id, secondPerson.person_id]);
    expect(await app.audit.list({ zoneIds: 'all', limit: 50, actionPrefix: 'members.merged' })).toEqual([]);
    // The second browser keeps the session of its own person.
    expect((await second.visitor.get('/me')).body).toContain('BIN Stationsstraat');
    expect((await second.visitor.get('/me')).body).not.toContain('BIN Kerkstraat');

    async function addNetworkAndRegisterAgain() {
      const { addActiveNetwork, STATIONSSTRAAT } = await import('./members.test-support.ts');
      await addActiveNetwork(app, fixtures.zone, '2', 'BIN Stationsstraat', STATIONSSTRAAT);
      return { visitor: await register({ homeStreet: 'Stationsstraat', homeNumber: '5', email1: 'tweede@example.be' }) };
    }
  });

  it('given an applicant who verifies a first contact point, the coordinators get one e-mail in their own language without personal data', async () => {
    const coordinator = await addCoordinator('fr');
    const visitor = await register();
    expect(app.email.sent.filter((m) => m.to === coordinator)).toHaveLength(0);
    await createVisitor(app, server).post(linkIn(app, 'an.peeters@example.be', '/me/verify-email/'));
    const mobile = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    await visitor.post(`/me/contacts/${mobile}/verify`, { code: smsCode(app, '+32470123456') });
    const mails = app.email.sent.filter((m) => m.to === coordinator);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Nouvelle demande pour BIN Kerkstraat');
    expect(mails[0]!.text).toContain(`/networks/${fixtures.network.id}/applications`);
    expect(mails[0]!.text).not.toContain('Peeters');
    expect(mails[0]!.text).not.toContain('0470');
  });

  async function addCoordinator(locale: string): Promise<string> {
    const id = app.ids.id();
    const email = `coordinator-${id.slice(0, 6)}@example.be`;
    await app.accounts.insert({ id, email, name: 'Coordinatrice Claire', locale, now: clock.now() });
    await app.networks.addPerson({ networkId: fixtures.network.id, accountId: id, role: 'coordinator', now: clock.now() });
    return email;
  }
});
