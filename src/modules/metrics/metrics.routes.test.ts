import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';

describe('/metrics', () => {
  let app: TestApp;
  let server: FastifyInstance;

  async function start(env: Record<string, string> = {}) {
    app = await createTestApp({ env });
    server = await createTestServer(app);
  }
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given no token, a loopback scrape gets process metrics, request durations by route pattern and open sessions', async () => {
    await start();
    const admin = await signedInAs(app, 'platform_admin');
    await signedInAs(app, 'zone_admin');
    await server.inject({ method: 'GET', url: '/admin/zones/some-zone-id', headers: { cookie: admin.cookie } });
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/admin\/zones\/:id",status_code="404"\} 1/);
    expect(response.body).not.toContain('some-zone-id');
    expect(response.body).toContain('waakzaam_sessions{stage="complete"} 2');
    expect(response.body).toContain('waakzaam_sessions{stage="password"} 0');
  });

  it('given steps due that no dispatcher claimed, the scrape counts them per channel with the age of the oldest', async () => {
    await start();
    await seedAlertZone(app, Date.now());
    for (const id of ['p1', 'p2', 'p3']) await addMember(app, { id }, Date.now());
    await publishAndPlan({ app, by: DISPATCHER, input: publishInput(), target: { kind: 'networks', networkIds: ['net-a'] } });
    const steps = await app.database.db.selectFrom('deliveries').select(['id', 'channel']).execute();
    expect(steps.length).toBeGreaterThan(0);
    // Waiting for two minutes: what the queue-age alert of ops/prometheus is about.
    await app.database.db.updateTable('deliveries').set({ due_at: Date.now() - 120_000 }).execute();

    const body = (await server.inject({ method: 'GET', url: '/metrics' })).body;
    const email = steps.filter((step) => step.channel === 'email').length;
    expect(body).toContain(`waakzaam_delivery_steps_due{channel="email"} ${email}`);
    expect(body).toContain('waakzaam_delivery_steps_due{channel="voice"} 0');
    expect(Number(/waakzaam_delivery_oldest_due_age_seconds\{channel="email"\} ([\d.]+)/.exec(body)?.[1])).toBeGreaterThanOrEqual(120);
    expect(body).toContain('waakzaam_delivery_oldest_due_age_seconds{channel="voice"} 0');
  });

  it('given no token, a scrape from another machine is refused', async () => {
    await start();
    const response = await server.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.5' });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('process_cpu');
  });

  it('given no token, a loopback request that came through a proxy is refused', async () => {
    await start();
    const response = await server.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.5' } });
    expect(response.statusCode).toBe(403);
  });

  it('given a token, only a request bearing it is answered, from any address', async () => {
    await start({ WAAKZAAM_METRICS_TOKEN: 'metrics-token-0123456789' });
    expect((await server.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
    const allowed = await server.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.5', headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('waakzaam_sessions');
  });
});
