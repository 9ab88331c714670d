import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { App } from '../../app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { randomIds } from '../../shared/ids.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { postMultipart } from '../networks/networks.test-support.ts';
import { MEMBER_COOKIE } from '../members/member-access.routes.tsx';
import type { Report } from './reports.repository.ts';

export type MemberBrowser = { personId: string; cookie: string; csrf: string };

/** A browser signed in as the member `personId` (a member session made through the repository). */
export async function signedInMember(app: App, personId: string): Promise<MemberBrowser> {
  const token = randomIds.token();
  const now = app.clock.now();
  await app.memberAccess.insertSession({ id: sha256Hex(token), personId, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000 });
  return { personId, cookie: `${MEMBER_COOKIE}=${token}`, csrf: csrfTokenFor(app.config.security.sessionSecret, `member:${sha256Hex(token)}`) };
}

export type PhotoPart = { filename: string; contentType: string; data: Buffer };

/** Sends the report form as a browser does (multipart, the CSRF token as a field). */
export function postReport(server: FastifyInstance, browser: MemberBrowser, fields: Record<string, string>, photo?: PhotoPart): Promise<LightMyRequestResponse> {
  return postMultipart(server, browser, '/me/reports', [
    { name: '_csrf', value: browser.csrf },
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'photo', filename: photo?.filename ?? '', contentType: photo?.contentType ?? 'application/octet-stream', data: photo?.data ?? Buffer.alloc(0) },
  ]);
}

/** A url-encoded form from a browser with a session cookie and its CSRF token. */
export function postAs(server: FastifyInstance, browser: { cookie: string; csrf: string }, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams({ ...fields, _csrf: browser.csrf });
  return server.inject({ method: 'POST', url, headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}

export function getAs(server: FastifyInstance, browser: { cookie: string }, url: string): Promise<LightMyRequestResponse> {
  return server.inject({ method: 'GET', url, headers: { cookie: browser.cookie } });
}

/** A report row as the repository takes it, with everything optional but its ids. */
export function reportRow(overrides: Partial<Report> & { id: string; zoneId: string; personId: string }): Report {
  return {
    networkId: null,
    category: 'recurring_nuisance',
    what: 'Elke vrijdagnacht lawaai van brommers op het pleintje.',
    whereText: 'Kerkplein',
    lat: null,
    lon: null,
    whenText: 'vrijdagnacht',
    photoPath: null,
    photoType: null,
    photoSize: null,
    sharedWithCoordinator: false,
    status: 'new',
    createdAt: 1_000,
    updatedAt: 1_000,
    inProgressAt: null,
    closedAt: null,
    ...overrides,
  };
}
