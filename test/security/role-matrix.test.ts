import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, ROLES, ROLE_PERMISSIONS, type Role } from '../../src/modules/accounts/authorization.models.ts';
import { ROUTE_REGISTRARS } from '../../src/web/routes.ts';
import { type Access, type RouteRegistrar, createWebServer } from '../../src/web/server.ts';
import { type TestApp, type TestUser, createTestApp, signedInAs } from '../support/app.ts';

/**
 * The whole matrix of routes × roles. Every route declares who may call it; this test calls every
 * route as every role (and as nobody) and proves that each refuses what it must: 403 for a role
 * without the permission, sign-in for an anonymous visitor. Public routes are listed here by
 * name, so that making a route public is a decision someone writes down.
 */
const PUBLIC_ROUTES = new Set([
  'GET /',
  'POST /language',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/docs',
  'GET /sign-in',
  'POST /sign-in',
  'GET /sign-in/totp',
  'POST /sign-in/totp',
  'POST /sign-out',
  'GET /setup/:token',
  'POST /setup/:token',
  'GET /password/forgot',
  'POST /password/forgot',
  'GET /password/reset/:token',
  'POST /password/reset/:token',
  'GET /api/v1/addresses',
  // Reached by a half-signed-in police account (session stage `enrol`, no actor yet); the
  // handler itself requires that session.
  'GET /account/totp/enrol',
  'POST /account/totp/enrol',
  // The public side of the registry: the join page, its map data (public BeSt addresses and the
  // areas of active networks), registration, the privacy text.
  'GET /join/:zoneCode',
  'GET /join/:zoneCode/areas.geojson',
  'GET /join/:zoneCode/street-points.json',
  'GET /map/addresses.json',
  'GET /join/:zoneCode/register',
  'POST /join/:zoneCode/register',
  'GET /privacy',
  // Member sign-in and single-use links: the token or code is the credential.
  'GET /me/sign-in',
  'POST /me/sign-in',
  'GET /me/sign-in/:token',
  'POST /me/sign-in/:token',
  'POST /me/sign-in/code',
  'POST /me/sign-out',
  'GET /me/deleted',
  'GET /me/verify-email/:token',
  'POST /me/verify-email/:token',
  'GET /invitation/:token',
  'POST /invitation/:token',
  // The member's alert page from the link in every message: the HMAC token of alert and person is
  // the credential (GET shows the alert, POST acknowledges it).
  'GET /a/:alertId/:personId/:token',
  'POST /a/:alertId/:personId/:token',
  // The short link in an SMS: a random code of 10 characters that redirects to the signed link.
  'GET /s/:code',
  // The evaluation meeting invitation from the coordinator's e-mail: the HMAC token of the invitee
  // is the credential (GET shows the meeting, POSTs answer, add an agenda point, fill in the survey).
  'GET /rsvp/:inviteeId/:token',
  'POST /rsvp/:inviteeId/:token',
  'POST /rsvp/:inviteeId/:token/agenda',
  'POST /rsvp/:inviteeId/:token/survey',
  // "Was this message useful?" and "what did you see?" on the same page, with the same signed link.
  'POST /a/:alertId/:personId/:token/rating',
  'POST /a/:alertId/:personId/:token/sightings',
  // The member app: its manifest, service worker and offline page hold nothing personal; the
  // acknowledgement a push notification's action posts carries the same HMAC token in its path
  // (no CSRF token: the service worker has no page).
  'GET /manifest.webmanifest',
  'GET /sw.js',
  'GET /offline',
  'POST /a/:alertId/:personId/:token/ack',
]);

type CollectedRoute = { method: string; url: string; access: Access };

function collectRoutes(into: CollectedRoute[]): RouteRegistrar {
  return (server) => {
    server.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) return;
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        into.push({ method, url: route.url, access });
      }
    });
  };
}

/** Fills path parameters with values that exist nowhere: a route must refuse before it looks. */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_match, name: string) => `missing-${name}`);
}

describe('the route × role matrix', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const routes: CollectedRoute[] = [];
  const users = new Map<Role, TestUser>();

  beforeAll(async () => {
    app = await createTestApp();
    server = await createWebServer(app, [collectRoutes(routes), ...ROUTE_REGISTRARS]);
    await server.ready();
    const now = app.clock.now();
    await app.zones.insert({ id: 'zone-a', code: 'A', name: 'PZ A', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now });
    await app.zones.saveDispatchCentre({ id: 'centre-a', code: 'CIC-A', name: 'CIC A', zoneIds: ['zone-a'], now }, true);
    const scopes: Record<Role, { zoneId?: string; dispatchCentreId?: string; networkId?: string }> = {
      platform_admin: {},
      zone_admin: { zoneId: 'zone-a' },
      police_dispatcher: { zoneId: 'zone-a' },
      central_dispatcher: { dispatchCentreId: 'centre-a' },
      coordinator: { networkId: 'network-a' },
    };
    for (const role of ROLES) users.set(role, await signedInAs(app, role, scopes[role]));
  });

  afterAll(async () => {
    await server.close();
    await app.database.destroy();
  });

  function call(route: CollectedRoute, user?: TestUser) {
    const headers: Record<string, string> = {};
    if (user) {
      headers.cookie = user.cookie;
      headers['x-csrf-token'] = user.csrf;
    }
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    if (hasBody) headers['content-type'] = route.url.startsWith('/api/') ? 'application/json' : 'application/x-www-form-urlencoded';
    return server.inject({ method: route.method as 'GET', url: concrete(route.url), headers, ...(hasBody ? { payload: route.url.startsWith('/api/') ? '{}' : '' } : {}) });
  }

  it('given every registered route, the public ones are exactly the listed ones', () => {
    expect(routes.length).toBeGreaterThan(30);
    const publicRoutes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(new Set(publicRoutes)).toEqual(PUBLIC_ROUTES);
  });

  it('given no member session, every member route sends the visitor to the member sign-in', async () => {
    const memberRoutes = routes.filter((r) => r.access === 'member');
    expect(memberRoutes.length).toBeGreaterThan(10);
    for (const route of memberRoutes) {
      // A staff session is no member session; its valid CSRF token gets the request to the check.
      const asStaff = await call(route, users.get('platform_admin'));
      expect(`${route.method} ${route.url} ${asStaff.statusCode} ${String(asStaff.headers.location)}`).toBe(`${route.method} ${route.url} 303 /me/sign-in`);
      // Without any session a form post already fails its CSRF check.
      const anonymous = await call(route);
      const expected = route.method === 'GET' ? '303 /me/sign-in' : '403 undefined';
      expect(`${route.method} ${route.url} ${anonymous.statusCode} ${String(anonymous.headers.location)}`).toBe(`${route.method} ${route.url} ${expected}`);
    }
  });

  it('given no session, every staff route refuses or sends the visitor to sign in', async () => {
    for (const route of routes.filter((r) => r.access !== 'public' && r.access !== 'member')) {
      const response = await call(route);
      const refused = response.statusCode === 401 || response.statusCode === 403 || (response.statusCode === 302 && String(response.headers.location).startsWith('/sign-in'));
      expect(refused, `${route.method} ${route.url} answered ${response.statusCode}`).toBe(true);
    }
  });

  it.each(ROLES)('given the role %s, every route needing a permission it lacks answers 403, and none it holds does', async (role) => {
    const user = users.get(role)!;
    const held = new Set<Permission>(ROLE_PERMISSIONS[role]);
    for (const route of routes.filter((r) => r.access !== 'public' && r.access !== 'signed-in' && r.access !== 'member')) {
      const response = await call(route, user);
      const label = `${role}: ${route.method} ${route.url} (${route.access}) answered ${response.statusCode}`;
      if (held.has(route.access as Permission)) expect(response.statusCode, label).not.toBe(401);
      else expect(response.statusCode, label).toBe(403);
    }
  });
});
