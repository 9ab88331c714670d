import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../test/support/app.ts';
import { PASSWORD, createAccount, createBrowser, locationOf } from '../modules/accounts/accounts.test-support.ts';
import { totpCode } from '../modules/accounts/totp.models.ts';
import { isSafeReturnPath, safeReturnPath } from './return-path.ts';

describe('the return path check', () => {
  it.each([
    ['/\t/evil.example'],
    ['/\n/x'],
    ['/\r\n/x'],
    ['/\u0000'],
    ['/\u007f'],
    ['/\u3000'],
    ['/é'],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['//evil.example'],
    ['/ /evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
  ])('given %j, it falls back to the default', (value) => {
    expect(isSafeReturnPath(value)).toBe(false);
    expect(safeReturnPath(value)).toBe('/');
  });

  it.each([['/'], ['/admin'], ['/alerts/new?networkId=abc&x=%2F%2Fevil#top'], ['/me/profile?saved=1'], ["/a-b_c.d~!$&'()*+,;=:@"]])('given the local path %j, it keeps it', (value) => {
    expect(safeReturnPath(value)).toBe(value);
  });

  it('given something that is not a string, it falls back to the default given', () => {
    expect(safeReturnPath(['/admin'], '/account')).toBe('/account');
    expect(safeReturnPath(undefined, '/account')).toBe('/account');
  });
});

describe('returnTo on the sign-in pages', () => {
  let app: TestApp;
  let server: FastifyInstance;

  beforeAll(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
  });
  afterAll(async () => {
    await server.close();
    await app.database.destroy();
  });

  const HOSTILE = ['%2F%09%2Fevil.example', '%2F%0A%2Fx', '%2F%0D%0A%2Fx', '%2F%E3%80%80', '%2F%5C%2Fevil.example'];

  it.each(HOSTILE)('given a signed-in person and returnTo=%s, the sign-in page sends them home on this site', async (returnTo) => {
    const account = await createAccount(app, { role: 'coordinator' });
    const browser = createBrowser(server);
    expect(locationOf(await browser.submit('/sign-in', { email: account.email, password: PASSWORD }))).toBe('/');
    const response = await browser.get(`/sign-in?returnTo=${returnTo}`);
    expect(response.statusCode).toBe(303);
    expect(locationOf(response)).toBe('/');
  });

  it.each(HOSTILE)('given returnTo=%s through password and TOTP, the person lands on the home page of this site', async (returnTo) => {
    const account = await createAccount(app, { role: 'police_dispatcher', totp: true });
    const browser = createBrowser(server);
    const page = await browser.get(`/sign-in?returnTo=${returnTo}`);
    expect(page.statusCode).toBe(200);
    const first = await browser.post('/sign-in', { email: account.email, password: PASSWORD, returnTo: decodeURIComponent(returnTo) });
    expect(first.statusCode).toBe(303);
    expect(locationOf(first)).toBe('/sign-in/totp?returnTo=%2F');
    const totpPage = await browser.get(`/sign-in/totp?returnTo=${returnTo}`);
    expect(totpPage.statusCode).toBe(200);
    const second = await browser.post(`/sign-in/totp?returnTo=${returnTo}`, { code: totpCode(account.secret!, app.clock.now()) });
    expect(second.statusCode).toBe(303);
    expect(locationOf(second)).toBe('/');
  });

  it.each(HOSTILE)('given returnTo=%s after choosing a language, the redirect stays on this site', async (returnTo) => {
    const browser = createBrowser(server);
    const response = await browser.submit('/', { locale: 'fr', returnTo: decodeURIComponent(returnTo) }, '/language');
    expect(response.statusCode).toBe(303);
    expect(locationOf(response)).toBe('/');
  });

  it('given returnTo=%2F%00, the text check at the edge answers a translated 400 instead of a redirect', async () => {
    const response = await createBrowser(server).get('/sign-in?returnTo=%2F%00');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Uw tekst bevat onzichtbare stuurtekens');
  });

  it('given a local returnTo, signing in still goes there', async () => {
    const account = await createAccount(app, { role: 'coordinator' });
    const browser = createBrowser(server);
    const response = await browser.submit('/sign-in?returnTo=%2Faccount%3Fsaved%3D1', { email: account.email, password: PASSWORD, returnTo: '/account?saved=1' });
    expect(locationOf(response)).toBe('/account?saved=1');
  });
});
