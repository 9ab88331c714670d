/**
 * E-mail dispatch benchmark (`npm run bench email`): a red alert to 5,000 members reachable by
 * e-mail only, published through publishAlert and dispatched by the delivery engine as
 * `waakzaam serve` runs it (startDispatcherRole: claims with a lease, the alert renderer, the real
 * SMTP driver with its pool, an outcome recorded per step) to a local SMTP sink in a child process;
 * against the raw limit: nodemailer alone, with the same pool, sending the same rendered messages to
 * the same sink. Goal: the engine at least 0.8× the raw rate. The sink must count exactly one
 * message per member in both runs, or the benchmark fails.
 */
import type { SendMailOptions } from 'nodemailer';
import type { App } from '../src/app.ts';
import { createAlertDeliveryRenderer } from '../src/modules/alerts/alert-delivery-renderer.ts';
import { startDispatcherRole } from '../src/modules/deliveries/dispatcher-role.ts';
import { type SinkProcess, type SinkStats, assertExactlyOnce, assertQueueEmpty, benchDispatcher, createRawTransport, createSmtpBenchApp, publishRedAlert, renderedMessages, seedEmailNetwork, startSinkProcess } from './email-support.ts';
import { type BenchContext, type BenchRow, fmtMs, fmtRate, timed } from './support.ts';

export const DISPATCHED_EMAILS = 5_000;
/** Sent by both before the measure: connections open, code compiled. */
const WARM_UP_EMAILS = 200;

type Run = { ms: number; stats: SinkStats };

/** Starts a dispatcher on the planned alert and times it until every step's outcome is recorded. */
async function dispatchWithEngine(app: App, sink: SinkProcess, alertId: string, count: number): Promise<Run> {
  await sink.reset();
  const started = performance.now();
  const dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
  let ms: number;
  try {
    await sink.waitFor(count);
    await dispatcher.idle();
    ms = performance.now() - started;
  } finally {
    await dispatcher.stop();
  }
  const stats = await sink.stats();
  assertExactlyOnce(stats, count, 'delivery engine');
  const counts = await app.deliveries.countsForAlert(alertId);
  const sent = counts.find((row) => row.channel === 'email' && row.status === 'sent')?.count ?? 0;
  if (sent !== count || counts.length !== 1) throw new Error(`delivery engine: ${JSON.stringify(counts)} instead of ${String(count)} e-mail steps sent`);
  return { ms, stats };
}

/** The raw limit: every message handed to the pooled transport at once, timed until the last 250. */
async function dispatchRaw(transport: ReturnType<typeof createRawTransport>, sink: SinkProcess, messages: readonly SendMailOptions[]): Promise<Run> {
  await sink.reset();
  const started = performance.now();
  await Promise.all(messages.map((message) => transport.sendMail(message)));
  const ms = performance.now() - started;
  const stats = await sink.stats();
  assertExactlyOnce(stats, messages.length, 'raw nodemailer');
  return { ms, stats };
}

/** `npm run bench email`: one row per database. */
export async function benchEmailDispatch(context: BenchContext): Promise<BenchRow[]> {
  const { zoneId, addresses } = context;
  const sink = await startSinkProcess();
  const app = createSmtpBenchApp(context, sink.url);
  const transport = createRawTransport(app);
  try {
    await assertQueueEmpty(app);
    const { by } = await benchDispatcher(app, zoneId);
    const warmNetwork = await seedEmailNetwork(app, { zoneId, code: '950', addresses: addresses.slice(0, WARM_UP_EMAILS), seed: 31 });
    const network = await seedEmailNetwork(app, { zoneId, code: '951', addresses: addresses.slice(WARM_UP_EMAILS, WARM_UP_EMAILS + DISPATCHED_EMAILS), seed: 37 });

    const warmAlert = await publishRedAlert(app, { by, zoneId, networkId: warmNetwork, expectedSteps: WARM_UP_EMAILS });
    const warmMessages = await renderedMessages(app, warmAlert);
    await dispatchWithEngine(app, sink, warmAlert, WARM_UP_EMAILS);
    await dispatchRaw(transport, sink, warmMessages);

    // Planned while no dispatcher runs: the clock then measures dispatching only (planning has its own benchmark).
    const alertId = await publishRedAlert(app, { by, zoneId, networkId: network, expectedSteps: DISPATCHED_EMAILS });
    const rendering = await timed(() => renderedMessages(app, alertId));
    const messages = rendering.result;
    const raw = await dispatchRaw(transport, sink, messages);
    const engine = await dispatchWithEngine(app, sink, alertId, DISPATCHED_EMAILS);

    const size = (run: Run) => run.stats.bytes / run.stats.accepted;
    if (Math.abs(size(engine) - size(raw)) / size(raw) > 0.01) throw new Error(`the runs sent messages of different sizes: ${size(engine).toFixed(0)} and ${size(raw).toFixed(0)} bytes`);
    const rateRatio = raw.ms / engine.ms;
    const benchmark = `e-mail dispatch (${DISPATCHED_EMAILS.toLocaleString('en-US')} e-mails of ${(size(engine) / 1024).toFixed(1)} kB, pool of ${String(app.config.email.smtpPoolSize)}, sink in a child process)`;
    return [
      {
        benchmark,
        database: context.label,
        measure: 'engine vs raw nodemailer (goal >= 0.8× the raw rate)',
        value: `${fmtRate(DISPATCHED_EMAILS, engine.ms, 'msg')} = ${rateRatio.toFixed(2)}× raw`,
        raw: fmtRate(DISPATCHED_EMAILS, raw.ms, 'msg'),
        ratio: engine.ms / raw.ms,
      },
      // Timed apart, before the raw run: work inside the engine's time that the raw run does not do.
      { benchmark, database: context.label, measure: 'reading and rendering the same messages alone', value: fmtMs(rendering.ms) },
    ];
  } finally {
    transport.close();
    await app.email.close?.();
    await sink.stop();
  }
}
