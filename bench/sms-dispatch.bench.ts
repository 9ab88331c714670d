/**
 * SMS dispatch benchmark (`npm run bench sms`): 5,000 short GSM SMS steps dispatched by the
 * delivery engine as `waakzaam serve` runs it (startDispatcherRole: claims with a lease, the SMPP
 * driver with its window, an outcome recorded per step) to the test SMSC in a child process;
 * against the raw limit: the same `smpp` client bound to the same SMSC submitting the same
 * submit_sm with the same window, nothing else. Goal: the engine at least 0.8× the raw rate. Then
 * both again with the SMSC answering after 5 ms, as a provider across a network does. The SMSC
 * must accept exactly one submit per step in each run, or the benchmark fails.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import smpp, { type PDU } from 'smpp';
import { type App, createApp } from '../src/app.ts';
import { senderAddress, smppAccount } from '../src/channels/sms/smpp-fields.models.ts';
import type { SmppSmsDriver } from '../src/channels/sms/smpp.sms-driver.ts';
import { encodeSms } from '../src/channels/sms/sms-encoding.ts';
import type { SmsMessage } from '../src/channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../src/channels/voice/voice.channel.ts';
import { createMemoryEmailDriver } from '../src/channels/email/email.channel.ts';
import { loadConfig } from '../src/config/config.ts';
import { createSmsDriver } from '../src/main.ts';
import type { Delivery } from '../src/modules/deliveries/deliveries.repository.ts';
import { bareSteps, insertBareAlert } from '../src/modules/deliveries/deliveries.test-support.ts';
import type { DeliveryRenderer } from '../src/modules/deliveries/delivery-renderer.ts';
import { startDispatcherRole } from '../src/modules/deliveries/dispatcher-role.ts';
import { systemClock } from '../src/shared/clock.ts';
import { randomIds } from '../src/shared/ids.ts';
import type { SmscOp, SmscReady, SmscResponse, SmscStats } from './smsc-child.ts';
import { type BenchContext, type BenchRow, fmtRate } from './support.ts';
import { startChildService } from './child-service.ts';

export const DISPATCHED_SMS = 5_000;
/** The second measure: an SMSC that answers each submit after this long, as one across a network does. */
const PROVIDER_LATENCY_MS = 5;
const DISPATCHED_SMS_AT_LATENCY = 2_000;
/** Sent by both before the measure: the bind up, code compiled. */
const WARM_UP_SMS = 200;
const SMSC_SCRIPT = fileURLToPath(new URL('./smsc-child.ts', import.meta.url));

type SmscProcess = { url: string; answerDelay: (ms: number) => Promise<SmscStats>; reset: () => Promise<SmscStats>; stats: () => Promise<SmscStats>; waitFor: (count: number) => Promise<SmscStats>; stop: () => Promise<void> };

/** The test SMSC in a child process, driven over IPC. */
async function startSmscProcess(): Promise<SmscProcess> {
  const smsc = await startChildService<SmscReady, SmscOp, SmscResponse>(SMSC_SCRIPT, 'test SMSC');
  const call = async (op: SmscOp) => (await smsc.call(op)).stats;
  return {
    url: smsc.ready.url,
    answerDelay: (ms) => call({ op: 'answerDelay', ms }),
    reset: () => call({ op: 'reset' }),
    stats: () => call({ op: 'stats' }),
    waitFor: (count) => call({ op: 'wait', count, timeoutMs: 120_000 }),
    stop: smsc.stop,
  };
}

/** The application as `serve` composes it with `WAAKZAAM_SMS_DRIVER=smpp` pointed at the SMSC, without rate limits. */
function createSmppBenchApp(context: BenchContext, smscUrl: string): App {
  const config = loadConfig({
    WAAKZAAM_SESSION_SECRET: randomBytes(24).toString('hex'),
    WAAKZAAM_DATA_DIR: context.dataDir,
    WAAKZAAM_LOG_LEVEL: 'silent',
    WAAKZAAM_SMS_DRIVER: 'smpp',
    WAAKZAAM_SMPP_URL: smscUrl,
    WAAKZAAM_SMS_SENDER: 'BIN Bench',
    WAAKZAAM_DISPATCHER_SMS_RATE_PER_SECOND: '0',
    ...(context.database.dialect === 'postgres' ? { DATABASE_URL: process.env.BENCH_DATABASE_URL! } : {}),
  }) as App['config'];
  const logger = pino({ level: 'silent' });
  return createApp({ config, database: context.database, clock: systemClock, ids: randomIds, logger, email: createMemoryEmailDriver(), sms: createSmsDriver(config, logger), voice: createMemoryVoiceDriver() });
}

// A short GSM text per step, one part each (as a red SMS without its link would be).
const textOf = (delivery: Pick<Delivery, 'personId'>) => `BIN Bench: verdachte witte bestelwagen in de Kerkstraat richting E40. Bel 101. ${delivery.personId}`;
const render: DeliveryRenderer = { sms: (delivery): SmsMessage => ({ to: delivery.destination, text: textOf(delivery) }) };

async function planSteps(app: App, zoneId: string, count: number, firstPerson: number): Promise<Delivery[]> {
  const alertId = randomIds.id();
  const now = Date.now();
  await insertBareAlert(app.database, { alertId, now, zoneId });
  await app.deliveries.insertPlan(bareSteps(alertId, count, { channel: 'sms', dueAt: now, firstPerson }), now);
  return app.deliveries.listByAlert(alertId);
}

function assertExactlyOnce(stats: SmscStats, count: number, who: string) {
  if (stats.accepted !== count || stats.distinct !== count) throw new Error(`${who}: the SMSC accepted ${String(stats.accepted)} submits (${String(stats.distinct)} distinct) instead of exactly ${String(count)}`);
}

/** Starts a dispatcher on the planned steps and times it until every outcome is recorded. */
async function dispatchWithEngine(app: App, smsc: SmscProcess, steps: readonly Delivery[]): Promise<number> {
  await smsc.reset();
  const started = performance.now();
  const dispatcher = startDispatcherRole(app, render);
  let ms: number;
  try {
    await smsc.waitFor(steps.length);
    await dispatcher.idle();
    ms = performance.now() - started;
  } finally {
    await dispatcher.stop();
  }
  assertExactlyOnce(await smsc.stats(), steps.length, 'delivery engine');
  const counts = await app.deliveries.countsForAlert(steps[0]!.alertId);
  if (counts.length !== 1 || counts[0]!.status !== 'sent' || counts[0]!.count !== steps.length) throw new Error(`delivery engine: ${JSON.stringify(counts)} instead of ${String(steps.length)} SMS steps sent`);
  return ms;
}

/** The raw limit: one bind of the `smpp` client, the same submit_sm, `window` of them unanswered at a time. */
async function dispatchRaw(smscUrl: string, smsc: SmscProcess, steps: readonly Delivery[], window: number, sender: string): Promise<number> {
  const account = smppAccount(smscUrl);
  const session = smpp.connect({ host: account.host, port: account.port });
  // As the driver does: without it, Nagle's algorithm holds a submit behind an unacknowledged one.
  session.socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    session.on('connect', () => session.bind_transceiver({ system_id: account.systemId, password: account.password, interface_version: 0x34 }, (pdu) => (pdu.command_status === 0 ? resolve() : reject(new Error(`raw bind refused: ${String(pdu.command_status)}`)))));
    session.on('error', reject);
  });
  const pdus = steps.map((step) => {
    const [part] = encodeSms(textOf(step)).parts;
    return { service_type: '', ...senderAddress(sender), dest_addr_ton: 0x01, dest_addr_npi: 0x01, destination_addr: step.destination.replace(/^\+/, ''), esm_class: 0, registered_delivery: 0x01, data_coding: 0, short_message: part };
  });
  await smsc.reset();
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let answered = 0;
      const submit = () => {
        const fields = pdus[next++]!;
        session.submit_sm(fields, (pdu: PDU) => {
          if (pdu.command_status !== 0) return reject(new Error(`raw submit refused: ${String(pdu.command_status)}`));
          answered += 1;
          if (answered === pdus.length) resolve();
          else if (next < pdus.length) submit();
        });
      };
      for (let i = 0; i < Math.min(window, pdus.length); i++) submit();
    });
    const ms = performance.now() - started;
    assertExactlyOnce(await smsc.stats(), steps.length, 'raw smpp client');
    return ms;
  } finally {
    await new Promise<void>((resolve) => session.unbind({}, () => session.close(() => resolve())));
  }
}

/** `npm run bench sms`: one row per database. */
export async function benchSmsDispatch(context: BenchContext): Promise<BenchRow[]> {
  const smsc = await startSmscProcess();
  const app = createSmppBenchApp(context, smsc.url);
  const { smppWindow: window, sender } = app.config.sms;
  try {
    await (app.sms as SmppSmsDriver).whenBound(10_000);
    const warmSteps = await planSteps(app, context.zoneId, WARM_UP_SMS, 1);
    await dispatchWithEngine(app, smsc, warmSteps);
    await dispatchRaw(smsc.url, smsc, warmSteps, window, sender);

    // Planned while no dispatcher runs: the clock then measures dispatching only.
    const steps = await planSteps(app, context.zoneId, DISPATCHED_SMS, WARM_UP_SMS + 1);
    const rawMs = await dispatchRaw(smsc.url, smsc, steps, window, sender);
    const engineMs = await dispatchWithEngine(app, smsc, steps);

    // The same against an SMSC that answers after PROVIDER_LATENCY_MS: the window, not the CPU, sets the pace.
    await smsc.answerDelay(PROVIDER_LATENCY_MS);
    const distant = await planSteps(app, context.zoneId, DISPATCHED_SMS_AT_LATENCY, WARM_UP_SMS + DISPATCHED_SMS + 1);
    const distantRawMs = await dispatchRaw(smsc.url, smsc, distant, window, sender);
    const distantEngineMs = await dispatchWithEngine(app, smsc, distant);

    const benchmark = `SMS dispatch (one-part GSM SMS, SMPP window ${String(window)}, dispatcher concurrency ${String(app.config.dispatcher.smsConcurrency)}, SMSC in a child process)`;
    const row = (count: number, engine: number, raw: number, measure: string): BenchRow => ({
      benchmark,
      database: context.label,
      measure,
      value: `${fmtRate(count, engine, 'SMS')} = ${(raw / engine).toFixed(2)}× raw`,
      raw: fmtRate(count, raw, 'SMS'),
      ratio: engine / raw,
    });
    return [
      row(DISPATCHED_SMS, engineMs, rawMs, `${DISPATCHED_SMS.toLocaleString('en-US')} SMS, SMSC answering at once: engine vs the raw smpp client (goal >= 0.8× the raw rate)`),
      row(DISPATCHED_SMS_AT_LATENCY, distantEngineMs, distantRawMs, `${DISPATCHED_SMS_AT_LATENCY.toLocaleString('en-US')} SMS, SMSC answering after ${String(PROVIDER_LATENCY_MS)} ms: engine vs the raw smpp client`),
    ];
  } finally {
    await app.sms.close?.();
    await smsc.stop();
  }
}
