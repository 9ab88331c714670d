import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { PASSWORD, createAccount, createBrowser, locationOf } from './accounts.test-support.ts';
import { announceFirstRun } from './setup.usecases.ts';

const NEW_PASSWORD = 'a brand new passphrase 2026';

describe('password reset and first-run setup', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = createManualClock();

  beforeEach(async () => {
    clock.set(Date.UTC(2026, 0, 15, 9, 0, 0));
    app = await createTestApp({ clock, env: { WAAKZAAM_PASSWORD_RESET_MINUTES: '30', WAAKZAAM_PUBLIC_URL: 'https://bin.example.test' } });
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  /** Asks for a reset link for the address and returns the path of the link e-mailed, if any. */
  async function requestReset(email: string): Promise<string | undefined> {
    const before = app.email.sent.length;
    const response = await createBrowser(server).submit('/password/forgot', { email });
    expect(locationOf(response)).toBe('/password/forgot?sent=1');
    // The e-mail leaves after the response, from the deferred jobs.
    await app.jobs.settled();
    const message = app.email.sent[before];
    return message && /https:\/\/bin\.example\.test(\/password\/reset\/\S+)/.exec(message.text)?.[1];
  }

  it('given a reset link, it sets the password once, signs out every session, and the GET never uses it up', async () => {
    const account = await createAccount(app, { role: 'coordinator', locale: 'fr' });
    const signedIn = createBrowser(server);
    await signedIn.submit('/sign-in', { email: account.email, password: PASSWORD });
    const link = (await requestReset(account.email))!;
    const mail = app.email.sent.at(-1)!;
    expect(mail).toMatchObject({ to: account.email, subject: 'Votre mot de passe Waakzaam' });
    expect(mail.text).toContain('30 minutes');

    const browser = createBrowser(server);
    // A mail scanner opening the link twice leaves it usable.
    expect((await browser.get(link)).statusCode).toBe(200);
    const form = await browser.get(link);
    expect(form.body).toContain(`action="${link}"`);
    const done = await browser.post(link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(locationOf(done)).toBe('/sign-in?reset=1');
    expect(await app.sessions.listForAccount(account.id)).toHaveLength(0);

    const again = await browser.post(link, { password: 'yet another passphrase', passwordConfirm: 'yet another passphrase' });
    expect(again.statusCode).toBe(410);
    expect(locationOf(await createBrowser(server).submit('/sign-in', { email: account.email, password: NEW_PASSWORD }))).toBe('/');
    expect((await createBrowser(server).submit('/sign-in', { email: account.email, password: PASSWORD })).statusCode).toBe(401);
  });

  it('given an expired reset link, it is refused', async () => {
    const account = await createAccount(app, { role: 'coordinator' });
    const link = (await requestReset(account.email))!;
    clock.advance(30 * 60_000 + 1);
    const browser = createBrowser(server);
    expect((await browser.get(link)).statusCode).toBe(410);
    const post = await browser.post(link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(post.statusCode).toBe(410);
    expect(post.body).toContain('De link is al gebruikt of verlopen.');
  });

  it('given a weak or mismatched new password, the form explains and the link stays usable', async () => {
    const account = await createAccount(app, { role: 'coordinator' });
    const link = (await requestReset(account.email))!;
    const browser = createBrowser(server);
    await browser.get(link);
    const common = await browser.post(link, { password: 'Password1234', passwordConfirm: 'Password1234' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('Dit wachtwoord is te bekend of te eenvoudig.');
    const short = await browser.post(link, { password: 'short one', passwordConfirm: 'short one' });
    expect(short.body).toContain('Het wachtwoord moet minstens 12 tekens hebben.');
    const mismatch = await browser.post(link, { password: NEW_PASSWORD, passwordConfirm: `${NEW_PASSWORD}!` });
    expect(mismatch.body).toContain('De twee wachtwoorden zijn niet gelijk.');
    expect(locationOf(await browser.post(link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD }))).toBe('/sign-in?reset=1');
  });

  it('given an unknown address, the forgot-password answer is the same and no e-mail leaves', async () => {
    expect(await requestReset('nobody@example.test')).toBeUndefined();
    expect(app.email.sent).toHaveLength(0);
  });

  it('given a locked account, a reset lifts the lockout', async () => {
    const account = await createAccount(app, { role: 'coordinator' });
    await app.accounts.update(account.id, { locked_until: clock.now() + 3_600_000, failed_sign_ins: 2 });
    const link = (await requestReset(account.email))!;
    const browser = createBrowser(server);
    await browser.get(link);
    await browser.post(link, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect((await app.accounts.findById(account.id))!).toMatchObject({ lockedUntil: null, failedSignIns: 0 });
  });

  it('given the first-run link, it creates the platform administrator once and goes to TOTP enrolment', async () => {
    const link = (await announceFirstRun(app, () => {}))!;
    const path = new URL(link).pathname;
    const browser = createBrowser(server);
    expect((await browser.get(path)).statusCode).toBe(200);
    const response = await browser.post(path, { name: 'Ada Admin', email: 'Ada@Example.test', locale: 'fr', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(locationOf(response)).toBe('/account/totp/enrol');
    expect(response.cookies.find((c) => c.name === 'wz_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });

    const account = (await app.accounts.findByEmail('ada@example.test'))!;
    expect(account).toMatchObject({ name: 'Ada Admin', locale: 'fr' });
    expect((await app.accounts.resolvedGrants(account.id)).map((g) => g.role)).toEqual(['platform_admin']);
    const [session] = await app.sessions.listForAccount(account.id);
    expect(session!.stage).toBe('enrol');
    expect(locationOf(await browser.get('/admin'))).toBe('/account/totp/enrol');
    expect((await browser.get('/account/totp/enrol')).body).toContain('Configurer la vérification en deux étapes');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'setup.completed', actorId: account.id });

    const second = createBrowser(server);
    expect((await second.get(path)).statusCode).toBe(410);
    const refused = await second.post(path, { name: 'Mallory', email: 'mallory@example.test', locale: 'nl', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(refused.statusCode).toBe(410);
    expect(await app.accounts.count()).toBe(1);
  });

  it('given an account already, a fresh setup link is refused', async () => {
    const link = (await announceFirstRun(app, () => {}))!;
    await createAccount(app, { role: 'platform_admin' });
    const path = new URL(link).pathname;
    const browser = createBrowser(server);
    const page = await browser.get(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Deze installatie heeft al een beheerder');
    expect(await announceFirstRun(app, () => {})).toBeUndefined();
  });

  it('given a setup form with a bad e-mail, it comes back with the errors and creates nothing', async () => {
    const path = new URL((await announceFirstRun(app, () => {}))!).pathname;
    const browser = createBrowser(server);
    await browser.get(path);
    const response = await browser.post(path, { name: '', email: 'not-an-address', locale: 'nl', password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Geef een geldig e-mailadres.');
    expect(response.body).toContain('Dit veld is verplicht.');
    expect(await app.accounts.count()).toBe(0);
  });
});
