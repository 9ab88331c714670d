import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { safeEqual } from '../../shared/crypto.ts';
import { createMetricsRepository } from './metrics.repository.ts';
import { createMetrics } from './metrics.registry.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may scrape: with a configured token, whoever sends it as a bearer token; without one, only a
 * client on this machine talking to us directly. A request that came through a proxy carries
 * forwarding headers and is refused, since a local reverse proxy would otherwise expose /metrics
 * to everyone.
 */
export function metricsAccess(request: FastifyRequest, token: string | undefined): 'allowed' | 'unauthorized' | 'forbidden' {
  if (token) {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    return given && safeEqual(given, token) ? 'allowed' : 'unauthorized';
  }
  const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !proxied && LOOPBACK.test(request.socket.remoteAddress ?? '') ? 'allowed' : 'forbidden';
}

export function registerMetricsRoutes(server: FastifyInstance, app: App) {
  const sessions = createMetricsRepository({ database: app.database });
  const idleMs = app.config.security.sessionIdleMinutes * 60_000;
  const metrics = createMetrics({
    countOpenSessions: () => {
      const now = app.clock.now();
      return sessions.countOpenSessions(now, now - idleMs);
    },
    dueSteps: async () => {
      const now = app.clock.now();
      return (await sessions.dueSteps(now)).map((row) => ({ channel: row.channel, count: row.count, oldestAgeSeconds: row.oldestDueAt === null ? 0 : Math.max(0, (now - row.oldestDueAt) / 1000) }));
    },
  });

  server.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest({ method: request.method, route: request.routeOptions.url ?? 'unmatched', statusCode: reply.statusCode }, reply.elapsedTime / 1000);
  });

  server.get('/metrics', { config: { access: 'public' }, logLevel: 'warn' }, async (request, reply) => {
    const access = metricsAccess(request, app.config.metrics.token);
    if (access === 'unauthorized') return reply.status(401).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('unauthorized\n');
    if (access === 'forbidden') return reply.status(403).type('text/plain').send('forbidden: set WAAKZAAM_METRICS_TOKEN to scrape from another machine\n');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
