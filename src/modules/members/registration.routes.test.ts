import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type MemberFixtures, createVisitor, registrationForm, seedMemberFixtures } from './members.test-support.ts';

async function countRows(app: TestApp) {
  const count = async (table: 'people' | 'person_addresses' | 'contact_points' | 'memberships' | 'member_tokens') =>
    Number((await app.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { people: await count('people'), addresses: await count('person_addresses'), contacts: await count('contact_points'), memberships: await count('memberships'), tokens: await count('member_tokens') };
}

describe('self-registration', () => {
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

  it('given the join link of a network, the form shows that network, the privacy text and accessible fields', async () => {
    const visitor = createVisitor(app, server);
    const page = await visitor.get(`/join/PZ-TEST/register?network=${fixtures.network.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('BIN Kerkstraat');
    expect(page.body).toContain(`name="network" value="${fixtures.network.id}"`);
    expect(page.body).toContain('autocomplete="given-name"');
    expect(page.body).toContain('autocomplete="family-name"');
    expect(page.body).toContain('autocomplete="postal-code"');
    expect(page.body).toContain('autocomplete="email"');
    expect(page.body).toContain('autocomplete="mobile tel"');
    expect(page.body).toContain('<legend>Hoe kunnen we u bereiken?</legend>');
    expect(page.body).toContain('Ik heb de privacyverklaring (versie 1) gelezen en ga akkoord.');
    expect(page.body).toContain('src="/assets/member-address.js"');
  });

  it('given a complete form, the person, address, contact points and a pending membership are stored, and a link and a code are sent', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post(`/join/PZ-TEST/register?network=${fixtures.network.id}`, registrationForm({ network: fixtures.network.id }));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/me/verify');
    expect(visitor.memberToken).toBeDefined();

    const person = (await app.database.db.selectFrom('people').selectAll().executeTakeFirstOrThrow());
    expect(person).toMatchObject({ first_name: 'An', last_name: 'Peeters', language: 'nl', zone_id: fixtures.zone.id, source: 'self', consent_version: 1 });
    expect(Number(person.consent_at)).toBe(clock.now());
    const [address] = await app.people.listAddresses(person.id);
    expect(address).toMatchObject({ kind: 'home', street: 'Kerkstraat', houseNumber: '12', postcode: '3079', municipality: 'Heidebeek' });
    expect(address!.addressId).not.toBeNull();
    const contacts = await app.contactPoints.listForPerson(person.id);
    expect(contacts.map((c) => [c.kind, c.value, c.verifiedAt])).toEqual([
      ['mobile', '+32470123456', null],
      ['email', 'an.peeters@example.be', null],
    ]);
    const [membership] = await app.memberships.listForPerson(person.id);
    expect(membership).toMatchObject({ networkId: fixtures.network.id, status: 'pending' });

    expect(app.email.sent.find((m) => m.to === 'an.peeters@example.be')?.text).toMatch(/\/me\/verify-email\/\S+/);
    expect(app.sms.sent.find((m) => m.to === '+32470123456')?.text).toMatch(/uw bevestigingscode is \d{6}/);
    const verify = await visitor.get('/me/verify');
    expect(verify.body).toContain('We stuurden een link naar an.peeters@example.be');
    expect(verify.body).toContain('Code voor 0470 12 34 56');
  });

  it('given no network chosen, the person applies to the networks that cover the address', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm());
    expect(response.statusCode).toBe(303);
    const memberships = await app.database.db.selectFrom('memberships').select(['network_id', 'status']).execute();
    expect(memberships).toEqual([{ network_id: fixtures.network.id, status: 'pending' }]);
  });

  it('given an address outside every network, registration is refused with a translated message and nothing is stored', async () => {
    const visitor = createVisitor(app, server);
    const before = await countRows(app);
    const nl = await visitor.post('/join/PZ-TEST/register', registrationForm({ homeStreet: 'Stationsstraat', homeNumber: '5' }));
    expect(nl.statusCode).toBe(400);
    expect(nl.body).toContain('Uw adres ligt buiten elk buurtinformatienetwerk van deze zone. Er werd niets bewaard.');
    const fr = await createVisitor(app, server, { locale: 'fr' }).post('/join/PZ-TEST/register', registrationForm({ homeStreet: 'Stationsstraat', homeNumber: '5', language: 'fr' }));
    expect(fr.body).toContain('Votre adresse se trouve en dehors de tout partenariat local de prévention de cette zone. Rien n’a été enregistré.');
    expect(await countRows(app)).toEqual(before);
    expect(app.email.sent).toHaveLength(0);
    expect(app.sms.sent).toHaveLength(0);
  });

  it('given an address that does not exist, the form says so at the street field', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ homeStreet: 'Nergensstraat' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#field-homeStreet"');
    expect(response.body).toContain('Dit adres vinden we niet.');
    expect((await countRows(app)).people).toBe(0);
  });

  it('given markup in a name, it is stored as text and shown escaped', async () => {
    const visitor = createVisitor(app, server);
    const name = '<script>alert("x")</script><b>Jan</b>';
    await visitor.post('/join/PZ-TEST/register', registrationForm({ firstName: name }));
    const person = await app.database.db.selectFrom('people').select('first_name').executeTakeFirstOrThrow();
    expect(person.first_name).toBe(name);
    const page = await visitor.get('/me');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<b>Jan</b>');
    expect(page.body).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>&lt;b>Jan&lt;/b>');
  });

  it('given letters in a phone number, the form comes back with the translated message and nothing is stored', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ mobile1: '0470 12 AB 56' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Een telefoonnummer bevat alleen cijfers (spaties, punten en schuine strepen mogen).');
    expect(response.body).toContain('value="0470 12 AB 56"');
    expect((await countRows(app)).people).toBe(0);
  });

  it('given SMS chosen with only a landline, the form explains that SMS needs a mobile number', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ mobile1: '', email1: '', landline1: '03 485 65 11', red: 'sms', green: [] }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Voor sms hebt u een gsm-nummer nodig (een vaste lijn krijgt alleen oproepen).');
    expect((await countRows(app)).people).toBe(0);
  });

  it('given push and a call chosen with only a landline and an e-mail address, the member is registered with push first', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ mobile1: '', landline1: '03 485 65 11', red: ['push', 'voice'], green: ['push', 'email'] }));
    expect(response.statusCode).toBe(303);
    const person = await app.database.db.selectFrom('people').select(['red_channels', 'green_channels']).executeTakeFirstOrThrow();
    expect(JSON.parse(person.red_channels)).toEqual(['push', 'voice']);
    expect(JSON.parse(person.green_channels)).toEqual(['push', 'email']);
  });

  it('given a mobile number typed as a landline, the form asks to put it under mobile', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ landline1: '0470 99 88 77' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit is een gsm-nummer. Vul het in bij &quot;Gsm&quot;.');
  });

  it('given a landline with voice for urgent messages, a call speaks the code digit by digit, twice, in the member’s language', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ mobile1: '', landline1: '03 485 65 11', red: 'voice', language: 'fr' }));
    expect(response.statusCode).toBe(303);
    const [call] = app.voice.sent;
    expect(call).toMatchObject({ to: '+3234856511', language: 'fr' });
    expect(call!.text).toMatch(/^Bonjour, ici Waakzaam, le partenariat local de prévention\. Votre code est (\d \d \d \d \d \d)\. Je répète : votre code est \1\.$/);
  });

  it('given a form without consent, nothing is stored and the consent field is pointed at', async () => {
    const visitor = createVisitor(app, server);
    const response = await visitor.post('/join/PZ-TEST/register', registrationForm({ consent: '' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#field-consent"');
    expect((await countRows(app)).people).toBe(0);
  });

  it('given the privacy page, it shows the current version in the visitor’s language', async () => {
    const page = await server.inject({ method: 'GET', url: '/privacy', headers: { 'accept-language': 'de' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Datenschutzerklärung</h1>');
    expect(page.body).toContain('Fassung 1');
  });
});
