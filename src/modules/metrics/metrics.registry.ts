import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { SESSION_STAGES } from '../accounts/sessions.repository.ts';

/**
 * One Prometheus registry per web server (not prom-client's global one, so that several servers
 * in one process, as in tests, never share or clash): process metrics, request durations by route
 * pattern and status, and open sessions read from the database at scrape time.
 */
export function createMetrics({
  countOpenSessions,
  dueSteps,
}: {
  countOpenSessions: () => Promise<Array<{ stage: string; count: number }>>;
  /** Per channel: steps due and not claimed, and how long the oldest has waited (seconds). */
  dueSteps: () => Promise<Array<{ channel: string; count: number; oldestAgeSeconds: number }>>;
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'waakzaam_sessions',
    help: 'Open sessions (not expired, not idle) by stage; complete means signed in.',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      const counts = await countOpenSessions();
      // Every known stage is reported, zero included, so that a dashboard never sees gaps.
      for (const stage of SESSION_STAGES) this.set({ stage }, counts.find((c) => c.stage === stage)?.count ?? 0);
    },
  });
  // One query for both gauges per scrape: prom-client collects each gauge separately.
  let dueRead: Promise<Array<{ channel: string; count: number; oldestAgeSeconds: number }>> | undefined;
  const readDue = () => (dueRead ??= dueSteps().finally(() => setTimeout(() => (dueRead = undefined), 0)));
  new Gauge({
    name: 'waakzaam_delivery_steps_due',
    help: 'Delivery steps due now and not yet claimed by any dispatcher, by channel (the whole installation, not this node).',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      for (const row of await readDue()) this.set({ channel: row.channel }, row.count);
    },
  });
  new Gauge({
    name: 'waakzaam_delivery_oldest_due_age_seconds',
    help: 'How long the oldest step due and not yet claimed has waited, by channel; 0 when none waits.',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      for (const row of await readDue()) this.set({ channel: row.channel }, row.oldestAgeSeconds);
    },
  });
  return {
    registry,
    /** Records one answered request; `route` is the pattern (`/admin/zones/:id`), never the raw URL. */
    observeRequest(labels: { method: string; route: string; statusCode: number }, seconds: number) {
      httpDuration.observe({ method: labels.method, route: labels.route, status_code: String(labels.statusCode) }, seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
