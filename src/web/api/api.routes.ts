import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { alertsApi } from '../../modules/alerts/alerts.api.ts';
import { auditApi } from '../../modules/audit/audit.api.ts';
import { capApi } from '../../modules/cap/cap.api.ts';
import { addressesApi } from '../../modules/geography/addresses.api.ts';
import { networksApi } from '../../modules/networks/networks.api.ts';
import { zonesApi } from '../../modules/zones/zones.api.ts';
import { type ApiRoute, buildOpenApiDocument, registerApiRoute } from './api.ts';
import { meApi } from './me.api.ts';

/** Every module's API routes. A module adds its list here; the OpenAPI document follows. */
export const API_ROUTES: readonly ApiRoute[] = [...meApi, ...zonesApi, ...auditApi, ...addressesApi, ...networksApi, ...alertsApi, ...capApi];

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function registerApiRoutes(server: FastifyInstance, app: App) {
  for (const route of API_ROUTES) registerApiRoute(server, app, route);
  // Built on first request: the public URL is only final once the server listens (port 0 in tests).
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  server.get('/api/docs', { config: { access: 'public' } }, async () => (document ??= buildOpenApiDocument(API_ROUTES, { version: VERSION, serverUrl: app.config.server.publicUrl })));
}
