import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { type App, createApp } from '../../src/app.ts';
import { createMemoryEmailDriver } from '../../src/channels/email/email.channel.ts';
import { createMemoryPushDriver } from '../../src/channels/push/push.channel.ts';
import { createMemorySmsDriver } from '../../src/channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../../src/channels/voice/voice.channel.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Dialect } from '../../src/db/database.ts';
import type { Role } from '../../src/modules/accounts/authorization.models.ts';
import { type Clock, systemClock } from '../../src/shared/clock.ts';
import { sha256Hex } from '../../src/shared/crypto.ts';
import { randomIds } from '../../src/shared/ids.ts';
import { ROUTE_REGISTRARS } from '../../src/web/routes.ts';
import { SESSION_COOKIE, createWebServer } from '../../src/web/server.ts';
import { csrfTokenFor } from '../../src/web/csrf.ts';
import { APP_TEST_DIALECT, type TestDatabase, createTestDatabase } from './databases.ts';

export type TestApp = App & {
  email: ReturnType<typeof createMemoryEmailDriver>;
  sms: ReturnType<typeof createMemorySmsDriver>;
  voice: ReturnType<typeof createMemoryVoiceDriver>;
  push: ReturnType<typeof createMemoryPushDriver>;
  database: TestDatabase;
};

/** A complete application on a fresh test database, with e-mail kept in memory. */
export async function createTestApp(options: { dialect?: Dialect; clock?: Clock; env?: Record<string, string>; file?: string } = {}): Promise<TestApp> {
  // With `file`, SQLite in that file (a child process may open it too) instead of in memory.
  const database = await createTestDatabase(options.dialect ?? APP_TEST_DIALECT, options.file ? { file: options.file } : {});
  const config = loadConfig({
    WAAKZAAM_SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    WAAKZAAM_DATA_DIR: '.tmp/test-data',
    // On PostgreSQL the application's own URL (its dispatcher LISTENs there) is the test database's.
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const email = createMemoryEmailDriver();
  const app = createApp({
    config: config as App['config'],
    database,
    clock: options.clock ?? systemClock,
    ids: randomIds,
    logger: pino({ level: 'silent' }),
    email,
    sms: createMemorySmsDriver(),
    voice: createMemoryVoiceDriver(),
    push: createMemoryPushDriver(),
  });
  return app as TestApp;
}

export async function createTestServer(app: App): Promise<FastifyInstance> {
  const server = await createWebServer(app, ROUTE_REGISTRARS);
  await server.ready();
  return server;
}

export type TestUser = { accountId: string; email: string; cookie: string; csrf: string };

/**
 * Creates a staff account holding `role` in the given scope and a signed-in session for it,
 * straight through the repositories (the sign-in flow has tests of its own).
 */
export async function signedInAs(app: App, role: Role, scope: { zoneId?: string; dispatchCentreId?: string; networkId?: string } = {}): Promise<TestUser> {
  const accountId = randomIds.id();
  const email = `${role}-${accountId.slice(0, 8)}@example.test`;
  const now = app.clock.now();
  await app.accounts.insert({ id: accountId, email, name: `Test ${role}`, now });
  await app.accounts.insertGrant({ id: randomIds.id(), account_id: accountId, role, zone_id: scope.zoneId ?? null, dispatch_centre_id: scope.dispatchCentreId ?? null, network_id: scope.networkId ?? null, granted_by: null, now });
  const token = randomIds.token();
  const sessionId = sha256Hex(token);
  await app.sessions.insert({ id: sessionId, accountId, stage: 'complete', createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, ip: null, userAgent: null });
  return { accountId, email, cookie: `${SESSION_COOKIE}=${token}`, csrf: csrfTokenFor(app.config.security.sessionSecret, `session:${sessionId}`) };
}

/** Submits a form as a signed-in user (CSRF token included). */
export function postForm(server: FastifyInstance, user: TestUser, url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...fields, _csrf: user.csrf })) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return server.inject({ method: 'POST', url, headers: { cookie: user.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
}
