import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { PASSWORD, createAccount, createBrowser, locationOf } from './accounts.test-support.ts';
import { totpCode } from './totp.models.ts';

const NEW_PASSWORD = 'een nieuwe lange zin 2026';

describe('my account', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = createManualClock();

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 0, 15, 9, 0, 0));
    app = await createTestApp({ clock });
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  async function signedIn(options: { totp?: boolean } = {}) {
    const account = await createAccount(app, { role: 'zone_admin', totp: options.totp ?? true });
    const browser = createBrowser(server);
    await browser.submit('/sign-in', { email: account.email, password: PASSWORD });
    if (account.secret) await browser.submit('/sign-in/totp', { code: totpCode(account.secret, clock.now()) });
    await browser.get('/account');
    return { account, browser };
  }

  const lastAction = async () => (await app.audit.list({ zoneIds: 'all', limit: 1 }))[0]!.action;

  it('given a new name and language, they are saved, audited and the pages switch language', async () => {
    const { account, browser } = await signedIn();
    const response = await browser.post('/account/profile', { name: 'Zoë Zone', locale: 'fr' });
    expect(locationOf(response)).toBe('/account?saved=profile');
    expect(await app.accounts.findById(account.id)).toMatchObject({ name: 'Zoë Zone', locale: 'fr' });
    expect(await lastAction()).toBe('account.profile_updated');
    expect((await browser.get('/account?saved=profile')).body).toContain('Vos données ont été enregistrées.');
  });

  it('given the right current password, the password changes and the other sessions end', async () => {
    const { account, browser } = await signedIn();
    const other = createBrowser(server);
    await other.submit('/sign-in', { email: account.email, password: PASSWORD });
    const wrong = await browser.post('/account/password', { currentPassword: 'not my password', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Het huidige wachtwoord klopt niet.');

    const response = await browser.post('/account/password', { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(locationOf(response)).toBe('/account?saved=password');
    expect(await app.sessions.listForAccount(account.id)).toHaveLength(1);
    expect((await browser.get('/account')).statusCode).toBe(200);
    expect(await lastAction()).toBe('account.password_changed');
    expect((await createBrowser(server).submit('/sign-in', { email: account.email, password: NEW_PASSWORD })).statusCode).toBe(303);
  });

  it('given new recovery codes, the old ones stop working and the new ones are shown once', async () => {
    const { account, browser } = await signedIn();
    await app.accounts.replaceRecoveryCodes(account.id, [{ id: 'old', hash: 'old-hash' }], clock.now());
    const refused = await browser.post('/account/recovery-codes', { currentPassword: 'wrong password' });
    expect(refused.statusCode).toBe(400);
    const response = await browser.post('/account/recovery-codes', { currentPassword: PASSWORD });
    expect(response.statusCode).toBe(200);
    expect([...response.body.matchAll(/<code>[A-Z0-9-]{14}<\/code>/g)]).toHaveLength(10);
    expect(await app.accounts.useRecoveryCode(account.id, 'old-hash', clock.now())).toBe(false);
    expect(await app.accounts.countUnusedRecoveryCodes(account.id)).toBe(10);
    expect(await lastAction()).toBe('account.recovery_codes_replaced');
  });

  it('given a new authenticator, it needs the current password and the old one works until the new is confirmed', async () => {
    const { account, browser } = await signedIn();
    const page = await browser.get('/account/totp/enrol');
    expect(page.body).toContain('name="currentPassword"');
    const pending = (await app.accounts.findById(account.id))!.totpPendingSecret!;
    expect((await app.accounts.findById(account.id))!.totpSecret).toBe(account.secret);

    clock.advance(30_000);
    const noPassword = await browser.post('/account/totp/enrol', { code: totpCode(pending, clock.now()), currentPassword: 'wrong password' });
    expect(noPassword.statusCode).toBe(400);
    expect((await app.accounts.findById(account.id))!.totpSecret).toBe(account.secret);

    const done = await browser.post('/account/totp/enrol', { code: totpCode(pending, clock.now()), currentPassword: PASSWORD });
    expect(done.statusCode).toBe(200);
    expect((await app.accounts.findById(account.id))!).toMatchObject({ totpSecret: pending, totpPendingSecret: null });
    expect(await lastAction()).toBe('account.totp_replaced');
  });

  it('given an anonymous visitor, the enrolment page sends them to sign in', async () => {
    const response = await createBrowser(server).get('/account/totp/enrol');
    expect(locationOf(response)).toMatch(/^\/sign-in/);
  });
});
