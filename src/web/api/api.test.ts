import type { FastifyInstance, RouteOptions } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signedInAs } from '../../../test/support/app.ts';
import { ROUTE_REGISTRARS } from '../routes.ts';
import { createWebServer } from '../server.ts';
import { openApiPath } from './api.ts';

type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, { 'x-permission': string; requestBody?: unknown; parameters?: Array<{ name: string; in: string }> }>> };

describe('the JSON API and its OpenAPI document', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const registered: Array<Pick<RouteOptions, 'method' | 'url'>> = [];

  beforeEach(async () => {
    app = await createTestApp();
    registered.length = 0;
    // Registered first, so it sees every route the real registrars add, through the registry or not.
    const collect = (s: FastifyInstance) => s.addHook('onRoute', (route) => {
      registered.push({ method: route.method, url: route.url });
    });
    server = await createWebServer(app, [collect, ...ROUTE_REGISTRARS]);
    await server.ready();
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given the running server, every /api/v1 route it registered appears in the document with its method', async () => {
    const document = (await server.inject({ method: 'GET', url: '/api/docs' })).json() as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    const apiRoutes = registered.filter((r) => r.url?.startsWith('/api/v1/') && r.method !== 'HEAD');
    expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
    for (const route of apiRoutes) {
      for (const method of [route.method].flat()) {
        expect(document.paths[openApiPath(route.url!)]?.[String(method).toLowerCase()], `${String(method)} ${route.url}`).toBeDefined();
      }
    }
  });

  it('given the document, it validates against the OpenAPI 3.1 schema and documents the alert endpoints with their scopes', async () => {
    const document = (await server.inject({ method: 'GET', url: '/api/docs' })).json() as OpenApiDocument;
    const result = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const create = document.paths['/api/v1/alerts']!.post! as Record<string, unknown>;
    expect(create['x-scope']).toBe('alerts:send');
    expect(create.security).toContainEqual({ bearer: ['alerts:send'] });
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    for (const path of ['/api/v1/alerts/{id}', '/api/v1/alerts/{id}/cancel', '/api/v1/alerts/{id}/updates', '/api/v1/alerts/{id}/result', '/api/v1/alerts/{id}/sightings']) expect(document.paths[path], path).toBeDefined();
  });

  it('given the document, operations carry their permission, parameters and request body schema', async () => {
    const document = (await server.inject({ method: 'GET', url: '/api/docs' })).json() as OpenApiDocument;
    const patchZone = document.paths['/api/v1/zones/{id}']!.patch!;
    expect(patchZone['x-permission']).toBe('zones.update');
    expect(patchZone.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
    expect(JSON.stringify(patchZone.requestBody)).toContain('"defaultLanguage"');
    expect(document.paths['/api/v1/audit']!.get!.parameters!.map((p) => p.name)).toEqual(['beforeSeq', 'limit', 'action']);
  });

  it('given a signed-in zone admin, GET /api/v1/me returns the account, its grants, permissions and a CSRF token', async () => {
    const user = await signedInAs(app, 'zone_admin');
    const response = await server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: user.cookie, 'accept-language': 'fr' } });
    expect(response.statusCode).toBe(200);
    const me = response.json() as Record<string, unknown>;
    expect(me).toMatchObject({ id: user.accountId, email: user.email, locale: 'fr', csrfToken: user.csrf, grants: [{ role: 'zone_admin' }] });
    expect(me.permissions).toContain('audit.read');
    expect(me.permissions).not.toContain('platform.manage');
  });

  it('given no session, the API answers 401 with problem details (RFC 9457) in the caller’s language', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/v1/me', headers: { 'accept-language': 'nl' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({
      type: 'urn:waakzaam:problem:auth.unauthenticated',
      title: 'Meld u eerst aan.',
      status: 401,
      detail: 'Meld u eerst aan.',
      code: 'auth.unauthenticated',
      error: { code: 'auth.unauthenticated', message: 'Meld u eerst aan.' },
    });
  });

  it('given an unknown API path, the answer is a JSON 404', async () => {
    const user = await signedInAs(app, 'platform_admin');
    const response = await server.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { cookie: user.cookie } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'web.not_found' } });
  });
});
