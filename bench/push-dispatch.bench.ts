/**
 * Push dispatch benchmark (`npm run bench push`): a red alert to 2,000 members who chose push, one
 * device each, published through publishAlert and dispatched by the delivery engine as
 * `waakzaam serve` runs it (startDispatcherRole: claims with a lease, the alert renderer reading
 * the person's devices, the web-push driver encrypting (RFC 8291) and signing (VAPID, RFC 8292)
 * each request, the device's last success and the outcome recorded) to the HTTPS push service of
 * test/support/push-service.ts in a child process; against the raw limit: `web-push`
 * `sendNotification` alone, with the same options and the same number in flight, sending the same
 * rendered payloads to the same endpoints. The push service must receive exactly one request per
 * device in every run, or the benchmark fails.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import webPush from 'web-push';
import { type App, createApp } from '../src/app.ts';
import { createMemoryEmailDriver } from '../src/channels/email/email.channel.ts';
import type { PushMessage } from '../src/channels/push/push.channel.ts';
import { createWebPushDriver } from '../src/channels/push/web-push.push-driver.ts';
import { createMemorySmsDriver } from '../src/channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../src/channels/voice/voice.channel.ts';
import { loadConfig } from '../src/config/config.ts';
import { vapidSubject } from '../src/main.ts';
import { createAlertDeliveryRenderer } from '../src/modules/alerts/alert-delivery-renderer.ts';
import { startDispatcherRole } from '../src/modules/deliveries/dispatcher-role.ts';
import { createPushSubscriptionsRepository } from '../src/modules/push/push-subscriptions.repository.ts';
import { pushDriverHooks } from '../src/modules/push/push.usecases.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomIds } from '../src/shared/ids.ts';
import { assertQueueEmpty, benchDispatcher, publishRedAlert } from './email-support.ts';
import type { PushServiceReady, PushServiceResponse, PushServiceStats } from './push-service-child.ts';
import { type BenchAddress, type BenchContext, type BenchRow, analyzeIfPostgres, fmtMs, fmtRate, generateMembers, insertPlain, insertRawWrite, rawMemberWrite, timed } from './support.ts';
import { startChildService } from './child-service.ts';

export const DISPATCHED_PUSHES = 2_000;
/** Sent by both before the measure: TLS connections open, code compiled. */
const WARM_UP_PUSHES = 200;
const SERVICE_SCRIPT = fileURLToPath(new URL('./push-service-child.ts', import.meta.url));

type ServiceOp = { op: 'register'; names: string[] } | { op: 'reset' } | { op: 'stats' } | { op: 'decryptFirst' } | { op: 'wait'; count: number; timeoutMs: number };
type ServiceProcess = Omit<PushServiceReady, 'ready'> & { call: (op: ServiceOp) => Promise<PushServiceResponse & { ok: true }>; stop: () => Promise<void> };

/** The push service in a child process (bench/push-service-child.ts), driven over IPC. */
async function startServiceProcess(): Promise<ServiceProcess> {
  const service = await startChildService<PushServiceReady, ServiceOp, PushServiceResponse>(SERVICE_SCRIPT, 'push service');
  const { origin, certificate, p256dh, auth } = service.ready;
  return { origin, certificate, p256dh, auth, call: service.call, stop: service.stop };
}

/**
 * The application as `waakzaam serve` composes it with `WAAKZAAM_PUSH_DRIVER=webpush` (default
 * dispatcher capacity, the product's hooks), except for the agent that trusts the test service's
 * self-signed certificate; the raw run uses the same agent.
 */
function createPushBenchApp(context: BenchContext, agent: Agent): App {
  const vapid = webPush.generateVAPIDKeys();
  const config = loadConfig({
    WAAKZAAM_SESSION_SECRET: randomBytes(24).toString('hex'),
    WAAKZAAM_DATA_DIR: context.dataDir,
    WAAKZAAM_LOG_LEVEL: 'silent',
    WAAKZAAM_PUSH_DRIVER: 'webpush',
    WAAKZAAM_VAPID_PUBLIC_KEY: vapid.publicKey,
    WAAKZAAM_VAPID_PRIVATE_KEY: vapid.privateKey,
    WAAKZAAM_PUSH_SUBJECT: 'mailto:bin@pz-bench.be',
    ...(context.database.dialect === 'postgres' ? { DATABASE_URL: process.env.BENCH_DATABASE_URL! } : {}),
  }) as App['config'];
  const hooks = pushDriverHooks({ subscriptions: createPushSubscriptionsRepository({ database: context.database }), clock: systemClock });
  const push = createWebPushDriver({ vapid: { subject: vapidSubject(config), publicKey: vapid.publicKey, privateKey: vapid.privateKey }, ...hooks, agent });
  return createApp({ config, database: context.database, clock: systemClock, ids: randomIds, logger: pino({ level: 'silent' }), email: createMemoryEmailDriver(), sms: createMemorySmsDriver(), voice: createMemoryVoiceDriver(), push });
}

/** A network of members who chose push for red messages, each with one device at the push service. */
async function seedPushNetwork(app: App, service: ServiceProcess, { zoneId, code, addresses, seed }: { zoneId: string; code: string; addresses: readonly BenchAddress[]; seed: number }): Promise<string> {
  const now = Date.now();
  const networkId = randomIds.id();
  await app.networks.insert({ id: networkId, zoneId, code, name: `BIN ${code}`, kind: 'residential', description: '', status: 'active', now });
  const members = generateMembers(addresses, seed).map((member, i) => ({ ...member, mobile: null, landline: null, email: `lid-${code}-${i}@example.be` }));
  const write = rawMemberWrite(members, { zoneId, networkId, now, toE164: (phone) => phone });
  for (const person of write.people) Object.assign(person, { red_channels: '["push"]', consent_version: 1, consent_at: now, source: 'self' });
  for (const contact of write.contacts) contact.verified_at = now;
  await insertRawWrite(app.database, write);
  const names = write.people.map((person) => `d-${code}-${person.id}`);
  await service.call({ op: 'register', names });
  const devices = write.people.map((person, i) => ({ id: randomIds.id(), person_id: person.id, endpoint: `${service.origin}/push/${names[i]!}`, p256dh: service.p256dh, auth: service.auth, user_agent: 'Chrome · Android', created_at: now, last_success_at: null }));
  await insertPlain(app.database, 'push_subscriptions', devices);
  await analyzeIfPostgres(app.database);
  return networkId;
}

function assertExactlyOnce(stats: PushServiceStats, expected: number, who: string): void {
  if (stats.accepted !== expected || stats.distinct !== expected) throw new Error(`${who}: the push service received ${String(stats.accepted)} requests for ${String(stats.distinct)} devices, expected exactly ${String(expected)} of each`);
}

type Run = { ms: number; stats: PushServiceStats; sample: string };

async function finish(service: ServiceProcess, expected: number, who: string, ms: number): Promise<Run> {
  const { stats } = await service.call({ op: 'stats' });
  assertExactlyOnce(stats, expected, who);
  const sample = (await service.call({ op: 'decryptFirst' })).text ?? '';
  if (!sample.includes('"ack"')) throw new Error(`${who}: the first push does not decrypt to an alert payload`);
  return { ms, stats, sample };
}

/** Starts a dispatcher on the planned alert and times it until every step's outcome is recorded. */
async function dispatchWithEngine(app: App, service: ServiceProcess, alertId: string, count: number): Promise<Run> {
  await service.call({ op: 'reset' });
  const started = performance.now();
  const dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
  let ms: number;
  try {
    await service.call({ op: 'wait', count, timeoutMs: 120_000 });
    await dispatcher.idle();
    ms = performance.now() - started;
  } finally {
    await dispatcher.stop();
  }
  const counts = await app.deliveries.countsForAlert(alertId);
  if (counts.length !== 1 || counts[0]!.channel !== 'push' || counts[0]!.status !== 'sent' || counts[0]!.count !== count) throw new Error(`delivery engine: ${JSON.stringify(counts)} instead of ${String(count)} push steps sent`);
  return finish(service, count, 'delivery engine', ms);
}

/** The push messages the engine sends for an alert, rendered beforehand by the same renderer. */
async function renderedMessages(app: App, alertId: string): Promise<PushMessage[]> {
  const render = createAlertDeliveryRenderer(app).push!;
  const deliveries = (await app.deliveries.listByAlert(alertId)).filter((delivery) => delivery.channel === 'push');
  return Promise.all(deliveries.map((delivery) => render(delivery)));
}

/** The raw limit: `web-push` alone, the driver's options, `concurrency` requests in flight. */
async function dispatchRaw(app: App, service: ServiceProcess, messages: readonly PushMessage[], agent: Agent): Promise<Run> {
  const { vapidPublicKey, vapidPrivateKey } = app.config.push;
  const vapidDetails = { subject: vapidSubject(app.config), publicKey: vapidPublicKey!, privateKey: vapidPrivateKey! };
  await service.call({ op: 'reset' });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++]!;
      for (const target of message.targets) {
        await webPush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, message.payload, { vapidDetails, TTL: message.ttlSeconds, urgency: message.urgency, contentEncoding: 'aes128gcm', timeout: 10_000, agent });
      }
    }
  };
  await Promise.all(Array.from({ length: app.config.dispatcher.pushConcurrency }, worker));
  return finish(service, messages.length, 'raw web-push', performance.now() - started);
}

/** `npm run bench push`: one row per database. */
export async function benchPushDispatch(context: BenchContext): Promise<BenchRow[]> {
  const { zoneId, addresses } = context;
  const service = await startServiceProcess();
  // Kept alive like Node's global agent, which the driver uses in production.
  const agent = new Agent({ ca: service.certificate, keepAlive: true });
  const app = createPushBenchApp(context, agent);
  try {
    await assertQueueEmpty(app);
    const { by } = await benchDispatcher(app, zoneId);
    const warmNetwork = await seedPushNetwork(app, service, { zoneId, code: '970', addresses: addresses.slice(0, WARM_UP_PUSHES), seed: 41 });
    const network = await seedPushNetwork(app, service, { zoneId, code: '971', addresses: addresses.slice(WARM_UP_PUSHES, WARM_UP_PUSHES + DISPATCHED_PUSHES), seed: 43 });

    const warmAlert = await publishRedAlert(app, { by, zoneId, networkId: warmNetwork, expectedSteps: WARM_UP_PUSHES });
    const warmMessages = await renderedMessages(app, warmAlert);
    await dispatchWithEngine(app, service, warmAlert, WARM_UP_PUSHES);
    await dispatchRaw(app, service, warmMessages, agent);

    // Planned while no dispatcher runs: the clock then measures dispatching only.
    const alertId = await publishRedAlert(app, { by, zoneId, networkId: network, expectedSteps: DISPATCHED_PUSHES });
    const rendering = await timed(() => renderedMessages(app, alertId));
    const raw = await dispatchRaw(app, service, rendering.result, agent);
    const engine = await dispatchWithEngine(app, service, alertId, DISPATCHED_PUSHES);

    const size = (run: Run) => run.stats.bytes / run.stats.accepted;
    if (Math.abs(size(engine) - size(raw)) / size(raw) > 0.01) throw new Error(`the runs sent bodies of different sizes: ${size(engine).toFixed(0)} and ${size(raw).toFixed(0)} bytes`);
    const benchmark = `push dispatch (${DISPATCHED_PUSHES.toLocaleString('en-US')} persons × 1 device, ${size(engine).toFixed(0)}-byte encrypted bodies, ${String(app.config.dispatcher.pushConcurrency)} in flight, HTTPS push service in a child process)`;
    return [
      {
        benchmark,
        database: context.label,
        measure: 'engine vs raw web-push sendNotification',
        value: `${fmtRate(DISPATCHED_PUSHES, engine.ms, 'push')} = ${(raw.ms / engine.ms).toFixed(2)}× raw`,
        raw: fmtRate(DISPATCHED_PUSHES, raw.ms, 'push'),
        ratio: engine.ms / raw.ms,
      },
      { benchmark, database: context.label, measure: 'reading and rendering the same messages alone', value: fmtMs(rendering.ms) },
    ];
  } finally {
    agent.destroy();
    await service.stop();
  }
}
