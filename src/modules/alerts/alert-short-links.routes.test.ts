import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { alertLinkPath } from './alert-links.models.ts';
import { DAYTIME, DISPATCHER, ZONE, addMember, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';
import { createAlertShortLinksRepository } from './alert-short-links.repository.ts';

describe('the short link of an SMS', () => {
  let app: TestApp;
  let server: FastifyInstance;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given a code made for a member, it redirects to that member\'s signed alert page, and each member has a code of their own', async () => {
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ zoneId: ZONE }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const links = createAlertShortLinksRepository({ database: app.database });
    const code = await links.codeFor(alert.id, 'p1', DAYTIME);
    expect(await links.codeFor(alert.id, 'p1', DAYTIME)).toBe(code);
    expect(await links.codeFor(alert.id, 'p2', DAYTIME)).not.toBe(code);
    const response = await server.inject({ method: 'GET', url: `/s/${code}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(alertLinkPath(app.config.security.sessionSecret, alert.id, 'p1'));
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['AAAAAAAAAA', 'short', 'with/slash%2F', 'x'.repeat(60)])('given the code "%s" that was never made, the answer is not found', async (code) => {
    const response = await server.inject({ method: 'GET', url: `/s/${encodeURIComponent(code)}` });
    expect(response.statusCode).toBe(404);
  });
});
