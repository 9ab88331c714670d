/**
 * What the e-mail benchmarks (`email`, `first-message`) share: the SMTP sink in a child process,
 * the application with the real SMTP driver pointed at it, networks of members reachable by e-mail
 * only, a signed-in dispatcher, and raw nodemailer configured as the driver configures it.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type SendMailOptions, createTransport } from 'nodemailer';
import { pino } from 'pino';
import { type App, createApp } from '../src/app.ts';
import { messageIdFor, parseSmtpUrl } from '../src/channels/email/smtp.email-driver.ts';
import { createMemorySmsDriver } from '../src/channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../src/channels/voice/voice.channel.ts';
import { loadConfig } from '../src/config/config.ts';
import { createEmailDriver } from '../src/main.ts';
import type { AuditActor } from '../src/modules/audit/audit.usecases.ts';
import { createAlertDeliveryRenderer } from '../src/modules/alerts/alert-delivery-renderer.ts';
import { planPendingAlerts } from '../src/modules/alerts/alert-planning-job.usecases.ts';
import { publishAlert } from '../src/modules/alerts/alert-planning.usecases.ts';
import { createPlanningJobsRepository } from '../src/modules/alerts/planning-jobs.repository.ts';
import type { AlertFields } from '../src/modules/alerts/alerts.models.ts';
import { UNFINISHED_DELIVERY_STATUSES } from '../src/modules/deliveries/deliveries.models.ts';
import { systemClock } from '../src/shared/clock.ts';
import { sha256Hex } from '../src/shared/crypto.ts';
import { randomIds } from '../src/shared/ids.ts';
import { SESSION_COOKIE } from '../src/web/server.ts';
import type { SinkReady, SinkResponse, SinkStats } from './smtp-sink-child.ts';
import { type BenchAddress, type BenchContext, analyzeIfPostgres, generateMembers, insertRawWrite, rawMemberWrite } from './support.ts';
import { startChildService } from './child-service.ts';

export type { SinkStats } from './smtp-sink-child.ts';

/** Wall-clock milliseconds with sub-millisecond precision, comparable with the sink process's. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

export type SinkProcess = {
  url: string;
  /** Forgets the accepted messages and the first RCPT time. */
  reset: () => Promise<SinkStats>;
  stats: () => Promise<SinkStats>;
  /** Resolves once `count` messages are accepted; rejects after `timeoutMs` (a guard, not a measure). */
  waitFor: (count: number, timeoutMs?: number) => Promise<SinkStats>;
  stop: () => Promise<void>;
};

const SINK_SCRIPT = resolve(import.meta.dirname, 'smtp-sink-child.ts');

type SinkOp = { op: 'reset' } | { op: 'stats' } | { op: 'wait'; count: number; timeoutMs: number };

/** Starts the SMTP sink in a child process (bench/smtp-sink-child.ts) and talks to it over IPC. */
export async function startSinkProcess(): Promise<SinkProcess> {
  const sink = await startChildService<SinkReady, SinkOp, SinkResponse>(SINK_SCRIPT, 'SMTP sink');
  const call = async (op: SinkOp) => (await sink.call(op)).stats!;
  return {
    url: sink.ready.url,
    reset: () => call({ op: 'reset' }),
    stats: () => call({ op: 'stats' }),
    waitFor: (count, timeoutMs = 60_000) => call({ op: 'wait', count, timeoutMs }),
    stop: sink.stop,
  };
}

/**
 * The application as `waakzaam serve` composes it with `WAAKZAAM_EMAIL_DRIVER=smtp` pointed at the
 * sink (default pool size and dispatcher capacity), over the benchmark's database. On PostgreSQL
 * the dispatcher listens for plans on the benchmark's server.
 */
export function createSmtpBenchApp(context: BenchContext, sinkUrl: string): App {
  const config = loadConfig({
    WAAKZAAM_SESSION_SECRET: randomBytes(24).toString('hex'),
    WAAKZAAM_DATA_DIR: context.dataDir,
    WAAKZAAM_LOG_LEVEL: 'silent',
    WAAKZAAM_EMAIL_DRIVER: 'smtp',
    WAAKZAAM_SMTP_URL: sinkUrl,
    // The sink is on loopback and speaks no TLS.
    WAAKZAAM_SMTP_REQUIRE_TLS: 'false',
    WAAKZAAM_EMAIL_FROM: 'bin@pz-bench.be',
    WAAKZAAM_EMAIL_FROM_NAME: 'BIN PZ Bench',
    ...(context.database.dialect === 'postgres' ? { DATABASE_URL: process.env.BENCH_DATABASE_URL! } : {}),
  }) as App['config'];
  const logger = pino({ level: 'silent' });
  return createApp({ config, database: context.database, clock: systemClock, ids: randomIds, logger, email: createEmailDriver(config, logger), sms: createMemorySmsDriver(), voice: createMemoryVoiceDriver() });
}

/**
 * A network of members reachable by e-mail only (consented, address verified): a red alert falls
 * back to e-mail for them, so every member is one e-mail step.
 */
export async function seedEmailNetwork(app: App, { zoneId, code, addresses, seed }: { zoneId: string; code: string; addresses: readonly BenchAddress[]; seed: number }): Promise<string> {
  const now = Date.now();
  const networkId = randomIds.id();
  await app.networks.insert({ id: networkId, zoneId, code, name: `BIN ${code}`, kind: 'residential', description: '', status: 'active', now });
  const members = generateMembers(addresses, seed).map((member, i) => ({ ...member, mobile: null, landline: null, email: `lid-${code}-${i}@example.be` }));
  const write = rawMemberWrite(members, { zoneId, networkId, now, toE164: (phone) => phone });
  for (const person of write.people) Object.assign(person, { consent_version: 1, consent_at: now, source: 'self' });
  for (const contact of write.contacts) contact.verified_at = now;
  await insertRawWrite(app.database, write);
  await analyzeIfPostgres(app.database);
  return networkId;
}

/** A police dispatcher of the zone: for the use cases, and a signed-in session for the routes. */
export async function benchDispatcher(app: App, zoneId: string): Promise<{ by: AuditActor; cookie: string }> {
  const accountId = randomIds.id();
  const email = `dispatcher-${accountId.slice(0, 8)}@pz-bench.be`;
  const now = Date.now();
  await app.accounts.insert({ id: accountId, email, name: 'Bench Dispatcher', now });
  const grantId = randomIds.id();
  await app.accounts.insertGrant({ id: grantId, account_id: accountId, role: 'police_dispatcher', zone_id: zoneId, dispatch_centre_id: null, network_id: null, granted_by: null, now });
  const token = randomIds.token();
  await app.sessions.insert({ id: sha256Hex(token), accountId, stage: 'complete', createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, ip: null, userAgent: null });
  const grant = { id: grantId, role: 'police_dispatcher' as const, zoneId, dispatchCentreId: null, networkId: null, zoneIds: [zoneId], networkIds: [] };
  return { by: { actor: { accountId, name: 'Bench Dispatcher', email, grants: [grant] } }, cookie: `${SESSION_COOKIE}=${token}` };
}

/** A red alert with a concrete description, as a dispatcher fills it in. */
export const BENCH_ALERT_FIELDS: AlertFields = {
  what: 'Inbraak bezig in een woning',
  where: 'Kerkstraat, ter hoogte van de kerk',
  when: 'nu',
  persons: 'twee mannen in donkere kledij, een met een rode rugzak',
  vehicle: 'witte bestelwagen, Renault Trafic, Franse nummerplaat',
  direction: 'weggereden richting E40',
  advice: 'Doe de buitenverlichting aan, sluit deuren en ramen en bel 101 met wat u ziet. Grijp niet zelf in.',
};

/** Publishes a red alert to one network (nothing dispatches it yet unless a dispatcher runs) and checks its plan. */
export async function publishRedAlert(app: App, { by, zoneId, networkId, expectedSteps }: { by: AuditActor; zoneId: string; networkId: string; expectedSteps: number }): Promise<string> {
  const result = await publishAlert({
    app,
    by,
    target: { kind: 'networks', networkIds: [networkId] },
    input: {
      requestKey: randomIds.token(16),
      zoneId,
      severity: 'red',
      exercise: false,
      fields: BENCH_ALERT_FIELDS,
      checklist: { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' },
    },
  });
  // Planned in the background as `serve` does it; here to its end before the figures start.
  await planPendingAlerts({ app });
  const planned = (await createPlanningJobsRepository({ database: app.database }).find(result.alert.id))?.plannedSteps;
  if (planned !== expectedSteps) throw new Error(`the alert planned ${String(planned)} steps, not ${String(expectedSteps)}`);
  return result.alert.id;
}

/** nodemailer alone, pooled as the SMTP driver pools it (same pool size, messages per connection). */
export function createRawTransport(app: App) {
  const relay = parseSmtpUrl(app.config.email.smtpUrl!);
  return createTransport({ pool: true, host: relay.host, port: relay.port, secure: false, maxConnections: app.config.email.smtpPoolSize, maxMessages: app.config.email.smtpMessagesPerConnection, logger: false });
}

/**
 * The e-mails the engine sends for an alert, rendered beforehand by the same renderer and given
 * to nodemailer as the driver gives them (sender, Message-ID, one-recipient envelope): the raw
 * run sends the same messages with nothing of ours in between.
 */
export async function renderedMessages(app: App, alertId: string, limit = Infinity): Promise<SendMailOptions[]> {
  const render = createAlertDeliveryRenderer(app).email!;
  const from = { name: app.config.email.fromName, address: app.config.email.from };
  const deliveries = (await app.deliveries.listByAlert(alertId)).filter((delivery) => delivery.channel === 'email').slice(0, limit);
  return Promise.all(
    deliveries.map(async (delivery) => {
      const message = await render(delivery);
      return { from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers ?? {}, messageId: messageIdFor(delivery.idempotencyKey, from.address), envelope: { from: from.address, to: [message.to] } };
    }),
  );
}

/**
 * Fails the benchmark when the queue holds unfinished steps of other work: a dispatcher would send
 * them too (to the sink, into the measure). Benchmarks that plan steps only to measure planning
 * remove them.
 */
export async function assertQueueEmpty(app: App): Promise<void> {
  const left = await app.database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('count')).where('status', 'in', [...UNFINISHED_DELIVERY_STATUSES]).executeTakeFirstOrThrow();
  if (Number(left.count) > 0) throw new Error(`the delivery queue holds ${String(left.count)} unfinished steps of another benchmark; a dispatcher would send them too`);
}

/** Fails the benchmark when the sink did not get exactly one message per recipient. */
export function assertExactlyOnce(stats: SinkStats, expected: number, what: string): void {
  if (stats.accepted !== expected || stats.recipients !== expected) {
    throw new Error(`${what}: the sink accepted ${String(stats.accepted)} messages for ${String(stats.recipients)} recipients, expected exactly ${String(expected)} of each`);
  }
}
