import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { startPlannerRole } from '../../../src/modules/alerts/alert-planning-job.usecases.ts';
import { ROUTE_REGISTRARS } from '../../../src/web/routes.ts';
import { createWebServer } from '../../../src/web/server.ts';
import { type TestApp, createTestApp } from '../../support/app.ts';

export type TestPlatform = {
  app: TestApp;
  server: FastifyInstance;
  /** Where the browser reaches the platform, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  stop: () => Promise<void>;
};

/**
 * The real platform, in this process, on a free loopback port: every route and the alerts'
 * planner, as `waakzaam serve` runs them, on a fresh test database (PostgreSQL when
 * TEST_DATABASE_URL is set), e-mail kept in memory. Tests that send start a dispatcher of their own.
 */
export async function startTestPlatform(options: Parameters<typeof createTestApp>[0] = {}): Promise<TestPlatform> {
  const app = await createTestApp(options);
  const server = await createWebServer(app, ROUTE_REGISTRARS);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Links in e-mail and redirects must point at the port the OS picked.
  app.config.server.publicUrl = url;
  const planner = startPlannerRole(app, { pollMs: 200 });
  return {
    app,
    server,
    url,
    stop: async () => {
      await planner.stop();
      await server.close();
      await app.database.destroy();
    },
  };
}
