import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { checkDialInPin, sendSpokenAlert } from './dial-in.usecases.ts';
import { wavToPcm } from '../../channels/voice/wav.ts';

describe('dial-in pages and PIN checks', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'waakzaam-dial-in-routes-'));
    app = await createTestApp({ env: { WAAKZAAM_DATA_DIR: dataDir } });
    server = await createTestServer(app);
    await seedAlertZone(app, Date.now());
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  const page = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });

  async function officerWithPin(pin = '736251'): Promise<{ user: TestUser; loginNumber: string }> {
    const user = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    expect((await postForm(server, user, '/account/phone-access', { pin })).statusCode).toBe(303);
    const row = await app.database.db.selectFrom('dial_in_pins').selectAll().where('account_id', '=', user.accountId).executeTakeFirstOrThrow();
    return { user, loginNumber: row.login_number };
  }

  it('given a police user setting a PIN, it is stored as an argon2 hash, never shown, the login number is, and the change is audited', async () => {
    const { user, loginNumber } = await officerWithPin();
    const row = await app.database.db.selectFrom('dial_in_pins').selectAll().executeTakeFirstOrThrow();
    expect(row.pin_hash).toMatch(/^\$argon2id\$/);
    const shown = await page(user, '/account/phone-access');
    expect(shown.body).toContain(`Uw aanmeldnummer: ${loginNumber}`);
    expect(shown.body).not.toContain('736251');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'dialIn.pin_set', actorId: user.accountId });
    expect(JSON.stringify(entry)).not.toContain('736251');
  });

  it('given a PIN of one repeated digit or a run, the form refuses it with the reason', async () => {
    const user = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    for (const pin of ['111111', '123456', '98765432']) {
      const response = await postForm(server, user, '/account/phone-access', { pin });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Kies een pincode die niet uit één herhaald cijfer of een reeks bestaat.');
    }
    expect((await postForm(server, user, '/account/phone-access', { pin: '12ab56' })).body).toContain('Een pincode heeft 6 tot 8 cijfers.');
  });

  it('given a police user, the account page links to phone access; given a zone admin, the zone page links to the allow-list', async () => {
    const officer = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    expect((await page(officer, '/account')).body).toContain('<a href="/account/phone-access">Pincode instellen of wijzigen</a>');
    const admin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    expect((await page(admin, `/admin/zones/${ZONE}`)).body).toContain(`<a href="/admin/zones/${ZONE}/dial-in">Bellers die mogen inspreken</a>`);
  });

  it('given a coordinator, the phone access page is refused', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: 'net-a' });
    expect((await page(coordinator, '/account/phone-access')).statusCode).toBe(403);
  });

  it('given three wrong PINs, the account is locked, and even the right PIN is refused until a new PIN is set', async () => {
    const { user, loginNumber } = await officerWithPin();
    const check = (pin: string) => checkDialInPin({ app, loginNumber, pin, caller: '+32470000001', source: '192.0.2.1' });
    expect(await check('000000')).toEqual({ kind: 'wrong', locked: false });
    expect(await check('000001')).toEqual({ kind: 'wrong', locked: false });
    expect(await check('000002')).toEqual({ kind: 'wrong', locked: true });
    expect(await check('736251')).toEqual({ kind: 'locked', minutes: 15 });
    expect((await page(user, '/account/phone-access')).body).toContain('geblokkeerd tot');
    await postForm(server, user, '/account/phone-access', { pin: '736252' });
    expect(await check('736252')).toMatchObject({ kind: 'ok', officer: { accountId: user.accountId, zones: [{ id: ZONE }] } });
  });

  it('given more tries from one caller number than the limit, that caller is refused whatever the PIN', async () => {
    const { loginNumber } = await officerWithPin();
    for (let i = 0; i < 10; i += 1) await checkDialInPin({ app, loginNumber: '999999', pin: '000000', caller: '+32470000009', source: `192.0.2.${i}` });
    expect(await checkDialInPin({ app, loginNumber, pin: '736251', caller: '+32470000009', source: '192.0.2.200' })).toMatchObject({ kind: 'locked' });
  });

  it('given a zone admin saving an allow-list, numbers become E.164; a caller not on it is refused the zone, one on it gets it', async () => {
    const admin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    expect((await postForm(server, admin, `/admin/zones/${ZONE}/dial-in`, { numbers: '0470 12 34 56\n+32 50 44 00 44' })).statusCode).toBe(303);
    expect((await page(admin, `/admin/zones/${ZONE}/dial-in`)).body).toContain('+32470123456\n+3250440044');
    const bad = await postForm(server, admin, `/admin/zones/${ZONE}/dial-in`, { numbers: '0470 12 34 56\nabc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Dit is geen geldig telefoonnummer: abc');
    const { loginNumber } = await officerWithPin();
    expect(await checkDialInPin({ app, loginNumber, pin: '736251', caller: '+32470999999', source: '192.0.2.1' })).toMatchObject({ kind: 'ok', officer: { zones: [], zonesRefused: 1 } });
    expect(await checkDialInPin({ app, loginNumber, pin: '736251', caller: '+32470123456', source: '192.0.2.1' })).toMatchObject({ kind: 'ok', officer: { zones: [{ id: ZONE }] } });
  });

  it('given a spoken alert, its console page plays the recording, served as audio/wav to staff of the zone and not to staff of another', async () => {
    await addMember(app, { id: 'm1', networks: ['net-a'], red: ['voice'] }, Date.now());
    const { user } = await officerWithPin();
    const pcm = new Int16Array(8000).map((_, i) => (i % 40) * 100);
    const { alert } = await sendSpokenAlert({ app, accountId: user.accountId, target: { zoneId: ZONE, networkIds: 'all' }, pcm, caller: '+32470000001', callId: 'call-1' });
    const audio = await page(user, `/alerts/${alert.id}/audio`);
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(wavToPcm(audio.rawPayload)).toEqual(pcm);
    const console = await page(user, `/alerts/${alert.id}`);
    expect(console.body).toContain(`<audio controls preload="none" src="/alerts/${alert.id}/audio"`);
    expect(console.body).toContain('Ingesproken bericht');
    await app.zones.insert({ id: 'other', code: 'OT', name: 'PZ Ander', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: Date.now() });
    const stranger = await signedInAs(app, 'police_dispatcher', { zoneId: 'other' });
    expect((await page(stranger, `/alerts/${alert.id}/audio`)).statusCode).toBe(403);
  });
});
