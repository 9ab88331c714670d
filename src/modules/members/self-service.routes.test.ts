import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type Visitor, createVisitor, linkIn, registrationForm, seedMemberFixtures, smsCode } from './members.test-support.ts';

describe('member self-service', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let clock: ReturnType<typeof createManualClock>;
  let an: Visitor;
  let anId: string;

  async function register(form: Record<string, string | string[]>): Promise<Visitor> {
    const visitor = createVisitor(app, server);
    await visitor.post('/join/PZ-TEST/register', form);
    await createVisitor(app, server).post(linkIn(app, form.email1 as string, '/me/verify-email/'));
    return visitor;
  }

  beforeEach(async () => {
    clock = createManualClock();
    app = await createTestApp({ clock });
    server = await createTestServer(app);
    await seedMemberFixtures(app);
    an = await register(registrationForm());
    // A neighbour in the same network, whose data An must never see.
    await register(registrationForm({ firstName: 'Bram', lastName: 'Vermeulen', homeNumber: '14', mobile1: '0471 22 33 44', email1: 'bram.vermeulen@example.be' }));
    anId = (await app.database.db.selectFrom('people').select('id').where('last_name', '=', 'Peeters').executeTakeFirstOrThrow()).id;
    const bram = (await app.database.db.selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id').select('m.id').where('p.last_name', '=', 'Vermeulen').executeTakeFirstOrThrow()).id;
    await app.database.db.updateTable('memberships').set({ status: 'active' }).where('id', '=', bram).execute();
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const bramTraces = ['Bram', 'Vermeulen', 'bram.vermeulen', '0471 22 33 44', '+32471223344', 'Kerkstraat 14'];

  it('given a member, their pages show their own data and nothing of another member of the same network', async () => {
    for (const path of ['/me', '/me/verify', '/me/profile', '/me/preferences', '/me/address/home', '/me/delete']) {
      const page = await an.get(path);
      expect(page.statusCode, path).toBe(200);
      for (const trace of bramTraces) expect(page.body, `${path} shows ${trace}`).not.toContain(trace);
    }
    const me = await an.get('/me');
    expect(me.body).toContain('An Peeters');
    expect(me.body).toContain('Kerkstraat 12, 3079 Heidebeek');
    expect(me.body).toContain('0470 12 34 56');
    expect(me.body).toContain('BIN Kerkstraat');
  });

  it('given the export, it holds the member’s own person, addresses, contact points with verification dates, memberships with history and consent, and nothing about others', async () => {
    const response = await an.get('/me/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(response.body);
    expect(data.person).toMatchObject({ firstName: 'An', lastName: 'Peeters', language: 'nl', redChannels: ['sms'], greenChannels: ['email'] });
    expect(data.addresses).toEqual([expect.objectContaining({ kind: 'home', street: 'Kerkstraat', houseNumber: '12', postcode: '3079' })]);
    expect(data.contactPoints).toEqual([
      { kind: 'mobile', value: '+32470123456', verifiedAt: null, addedAt: new Date(clock.now()).toISOString() },
      { kind: 'email', value: 'an.peeters@example.be', verifiedAt: new Date(clock.now()).toISOString(), addedAt: new Date(clock.now()).toISOString() },
    ]);
    expect(data.memberships).toEqual([expect.objectContaining({ network: 'BIN Kerkstraat', status: 'pending', history: [expect.objectContaining({ from: null, to: 'pending', by: 'member' })] })]);
    expect(data.consents).toEqual([{ privacyTextVersion: 1, at: new Date(clock.now()).toISOString() }]);
    for (const trace of bramTraces) expect(response.body).not.toContain(trace);
    expect(response.body).not.toContain(anId);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.exported' });
    expect(entry).toMatchObject({ objectId: anId });
  });

  it('given erasure confirmed, names are replaced, addresses and contact points deleted, memberships left, the session ended, and an audit row without personal data kept', async () => {
    const unconfirmed = await an.post('/me/delete', {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Vink het vakje aan om te bevestigen.');

    const response = await an.post('/me/delete', { confirm: 'yes' });
    expect(response.headers.location).toBe('/me/deleted');
    const person = (await app.people.findById(anId))!;
    expect(person).toMatchObject({ firstName: '—', lastName: '—', redChannels: [], greenChannels: [], erasedAt: clock.now() });
    expect(await app.people.listAddresses(anId)).toEqual([]);
    expect(await app.contactPoints.listForPerson(anId)).toEqual([]);
    expect((await app.memberships.listForPerson(anId)).map((m) => m.status)).toEqual(['left']);
    expect(await an.get('/me')).toMatchObject({ statusCode: 303 });

    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.erased' });
    expect(entry).toMatchObject({ action: 'members.erased', objectId: anId, ip: null, actorLabel: 'member' });
    for (const trace of ['An', 'Peeters', 'an.peeters', '0470', 'Kerkstraat']) expect(`${entry!.details}${entry!.actorLabel}`).not.toContain(trace);
    // The neighbour is untouched.
    expect(await app.database.db.selectFrom('people').select('first_name').where('last_name', '=', 'Vermeulen').executeTakeFirst()).toEqual({ first_name: 'Bram' });
  });

  it('given leaving with a reason, the membership is left and the reason kept in its history', async () => {
    const [membership] = await app.memberships.listForPerson(anId);
    clock.advance(60_000);
    const page = await an.get(`/me/memberships/${membership!.id}/leave`);
    expect(page.body).toContain('Uitschrijven uit BIN Kerkstraat');
    const response = await an.post(`/me/memberships/${membership!.id}/leave`, { reason: 'Te veel berichten' });
    expect(response.headers.location).toBe('/me?done=left');
    expect(await app.memberships.findById(membership!.id)).toMatchObject({ status: 'left', reason: 'Te veel berichten' });
    const history = await app.memberships.listChanges([membership!.id]);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.byKind, h.reason])).toEqual([
      [null, 'pending', 'member', null],
      ['pending', 'left', 'member', 'Te veel berichten'],
    ]);
  });

  it('given a membership of someone else, a member can neither see nor leave it', async () => {
    const bramMembership = (await app.database.db.selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id').select('m.id').where('p.last_name', '=', 'Vermeulen').executeTakeFirstOrThrow()).id;
    expect((await an.get(`/me/memberships/${bramMembership}/leave`)).statusCode).toBe(404);
    expect((await an.post(`/me/memberships/${bramMembership}/leave`, { reason: '' })).statusCode).toBe(404);
    expect((await app.memberships.findById(bramMembership))!.status).toBe('active');
  });

  it('given a new phone number, it is added unverified and a code is sent; removing the only e-mail is refused while green messages go by e-mail', async () => {
    const added = await an.post('/me/contacts', { value: '03 485 65 11' });
    expect(added.headers.location).toBe('/me/verify?sent=1');
    const contacts = await app.contactPoints.listForPerson(anId);
    expect(contacts.find((c) => c.value === '+3234856511')).toMatchObject({ kind: 'landline', verifiedAt: null });
    expect(app.voice.sent.map((m) => m.to)).toContain('+3234856511');

    const email = contacts.find((c) => c.kind === 'email')!;
    const refused = await an.post(`/me/contacts/${email.id}/remove`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Wijzig eerst uw kanalen.');
    await an.post('/me/preferences', { red: 'voice', green: 'sms' });
    const removed = await an.post(`/me/contacts/${email.id}/remove`);
    expect(removed.headers.location).toBe('/me?done=removed');
    expect((await app.contactPoints.listForPerson(anId)).map((c) => c.kind)).toEqual(['mobile', 'landline']);
  });

  it('given preferences with quiet hours and a holiday pause, they are stored in minutes and Brussels days', async () => {
    const response = await an.post('/me/preferences', { red: ['voice', 'sms'], green: 'email', quietFrom: '22:00', quietUntil: '07:30', pauseFrom: '2026-07-01', pauseUntil: '2026-07-14' });
    expect(response.headers.location).toBe('/me?done=saved');
    const person = (await app.people.findById(anId))!;
    expect(person).toMatchObject({ redChannels: ['voice', 'sms'], greenChannels: ['email'], quietFrom: 22 * 60, quietUntil: 7 * 60 + 30 });
    expect(new Date(person.pauseFrom!).toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(new Date(person.pauseUntil!).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    const form = await an.get('/me/preferences');
    expect(form.body).toContain('value="2026-07-14"');
    const bad = await an.post('/me/preferences', { red: 'sms', green: 'email', pauseFrom: '2026-07-14', pauseUntil: '2026-07-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('De laatste dag mag niet vóór de eerste dag liggen.');
  });

  it('given "pause until", green messages pause from now to the end of that day, and resuming clears it', async () => {
    await an.post('/me/pause', { until: '2026-02-01' });
    const person = (await app.people.findById(anId))!;
    expect(person.pauseFrom).toBe(clock.now());
    expect(new Date(person.pauseUntil!).toISOString()).toBe('2026-02-01T23:00:00.000Z');
    expect((await an.get('/me')).body).toContain('Groene berichten zijn gepauzeerd');
    await an.post('/me/pause/resume');
    expect(await app.people.findById(anId)).toMatchObject({ pauseFrom: null, pauseUntil: null });
  });

  it('given a new home address outside the address table, it is refused; an existing one replaces the old', async () => {
    const refused = await an.post('/me/address/home', { addressStreet: 'Nergensstraat', addressNumber: '1', addressPostcode: '3079', addressMunicipality: 'Heidebeek' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Dit adres vinden we niet.');
    const saved = await an.post('/me/address/home', { addressStreet: 'kerkstr.', addressNumber: '16', addressPostcode: '3079', addressMunicipality: 'Heidebeek' });
    expect(saved.headers.location).toBe('/me?done=saved');
    expect((await app.people.listAddresses(anId)).map((a) => `${a.street} ${a.houseNumber}`)).toEqual(['Kerkstraat 16']);
  });

  it('given the last unverified number confirmed, the verify page says everything is confirmed', async () => {
    const mobile = (await app.contactPoints.listForPerson(anId)).find((c) => c.kind === 'mobile')!;
    await an.post(`/me/contacts/${mobile.id}/verify`, { code: smsCode(app, '+32470123456') });
    expect((await an.get('/me/verify')).body).toContain('Alles is bevestigd.');
  });
});
