import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { App } from '../../app.ts';
import { randomIds } from '../../shared/ids.ts';
import type { Role } from './authorization.models.ts';
import { hashPassword } from './passwords.ts';
import { newTotpSecret } from './totp.models.ts';

export const PASSWORD = 'correct horse battery staple';

/**
 * A browser for tests: keeps the cookies the server sets (and drops cleared ones), sends them
 * back, and reads the CSRF token from the page a form comes from.
 */
export function createBrowser(server: FastifyInstance, options: { ip?: string; userAgent?: string } = {}) {
  const cookies = new Map<string, string>();
  let csrf = '';

  async function send(method: 'GET' | 'POST', url: string, fields?: Record<string, string>): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let payload: string | undefined;
    if (fields) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ _csrf: csrf, ...fields }).toString();
    }
    const response = await server.inject({ method, url, headers, payload, remoteAddress: options.ip ?? '198.51.100.7' });
    for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const expired = cookie.value === '' || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) || cookie.maxAge === 0;
      if (expired) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) csrf = token;
    return response;
  }

  return {
    cookies,
    get: (url: string) => send('GET', url),
    /** Posts with the CSRF token of the last page seen (GET the form's page first). */
    post: (url: string, fields: Record<string, string>) => send('POST', url, fields),
    /** Opens the page, then posts the form to `action` (defaults to the page's own URL). */
    async submit(page: string, fields: Record<string, string>, action = page): Promise<LightMyRequestResponse> {
      await send('GET', page);
      return send('POST', action, fields);
    },
  };
}

export type Browser = ReturnType<typeof createBrowser>;

/** A staff account with a password, optionally a role and a working TOTP secret. */
export async function createAccount(
  app: App,
  options: { email?: string; password?: string; role?: Role; zoneId?: string; totp?: boolean; locale?: string } = {},
): Promise<{ id: string; email: string; secret: string | null }> {
  const id = randomIds.id();
  const email = options.email ?? `staff-${id.slice(0, 8)}@example.test`;
  const now = app.clock.now();
  await app.accounts.insert({ id, email, name: `Staff ${id.slice(0, 4)}`, locale: options.locale ?? null, passwordHash: await hashPassword(options.password ?? PASSWORD), now });
  if (options.role) {
    await app.accounts.insertGrant({ id: randomIds.id(), account_id: id, role: options.role, zone_id: options.zoneId ?? null, dispatch_centre_id: null, network_id: null, granted_by: null, now });
  }
  const secret = options.totp ? newTotpSecret() : null;
  if (secret) await app.accounts.update(id, { totp_secret: secret, totp_enabled_at: now });
  return { id, email, secret };
}

/** Creates a zone straight in the repository (the zone pages have tests of their own). */
export async function createZone(app: App, code: string): Promise<string> {
  const id = randomIds.id();
  await app.zones.insert({ id, code, name: `PZ ${code}`, languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: app.clock.now() });
  return id;
}

/** The path and query of a redirect's Location header. */
export function locationOf(response: LightMyRequestResponse): string {
  return String(response.headers.location ?? '');
}
