/**
 * Send click → first message on the wire (`npm run bench first-message`): the web server listens on
 * loopback and the dispatcher runs beside it, as `waakzaam serve` runs them; a signed-in dispatcher
 * opens the composer (its CSRF token and request key) and clicks send: an HTTP POST /alerts of a red
 * alert to a network of 1,000 members reachable by e-mail. Measured from just before the POST until
 * the SMTP sink (a child process) sees the first RCPT TO, on one wall clock; then the alert is
 * cancelled (the console's stop button) and the dispatcher left to finish what is in flight, so every
 * click finds it idle. The raw limit: one of the same messages handed to pooled nodemailer whose
 * connections are open, until the same RCPT TO.
 */
import type { FastifyInstance } from 'fastify';
import type { App } from '../src/app.ts';
import { createAlertDeliveryRenderer } from '../src/modules/alerts/alert-delivery-renderer.ts';
import { type PlannerRole, startPlannerRole } from '../src/modules/alerts/alert-planning-job.usecases.ts';
import { type Dispatcher } from '../src/modules/deliveries/dispatcher.ts';
import { startDispatcherRole } from '../src/modules/deliveries/dispatcher-role.ts';
import { ROUTE_REGISTRARS } from '../src/web/routes.ts';
import { createWebServer } from '../src/web/server.ts';
import { BENCH_ALERT_FIELDS, assertExactlyOnce, assertQueueEmpty, benchDispatcher, createRawTransport, createSmtpBenchApp, renderedMessages, type SinkProcess, seedEmailNetwork, startSinkProcess, wallClockMs } from './email-support.ts';
import { type BenchContext, type BenchRow, fmtMs, percentile } from './support.ts';

export const FIRST_MESSAGE_MEMBERS = 1_000;
const SENDS = 10;
const WARM_UP_SENDS = 2;

/** GET /alerts/new as the browser does before the click: the form's request key and CSRF token. */
async function openComposer(base: string, cookie: string): Promise<{ requestKey: string; csrf: string }> {
  const response = await fetch(`${base}/alerts/new`, { headers: { cookie } });
  const page = await response.text();
  const requestKey = /name="requestKey" value="([^"]+)"/.exec(page)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (response.status !== 200 || !requestKey || !csrf) throw new Error(`GET /alerts/new: HTTP ${String(response.status)} without the form`);
  return { requestKey, csrf };
}

/** The form the send button submits for a red alert to one network, checklist ticked. */
function sendForm({ requestKey, csrf, zoneId, networkId }: { requestKey: string; csrf: string; zoneId: string; networkId: string }): string {
  return new URLSearchParams({
    _csrf: csrf,
    requestKey,
    zoneId,
    severity: 'red',
    ...BENCH_ALERT_FIELDS,
    happeningNow: 'on',
    concreteDescription: 'on',
    noDangerToResidents: 'on',
    inTheAct: 'on',
    nightReason: '',
    targetKind: 'networks',
    networkIds: networkId,
    centre: '',
    radiusMetres: '',
  }).toString();
}

/** A form POST as the browser sends it, the redirect not followed. */
async function post(url: string, cookie: string, body: string): Promise<Response> {
  const response = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  await response.arrayBuffer();
  return response;
}

/** Fails the benchmark unless every step of the cancelled alert was sent once (one message at the sink) or cancelled. */
async function assertSentOrCancelled(app: App, sink: SinkProcess, alertId: string): Promise<void> {
  const stats = await sink.stats();
  const counts = await app.deliveries.countsForAlert(alertId);
  const count = (status: string) => counts.filter((row) => row.status === status).reduce((sum, row) => sum + Number(row.count), 0);
  const sent = count('sent');
  if (stats.accepted !== stats.recipients || sent !== stats.accepted || sent + count('cancelled') !== FIRST_MESSAGE_MEMBERS) {
    throw new Error(`alert ${alertId}: the sink accepted ${String(stats.accepted)} messages for ${String(stats.recipients)} recipients; steps ${JSON.stringify(counts)}`);
  }
}

/** `npm run bench first-message`: two rows per database. */
export async function benchFirstMessage(context: BenchContext): Promise<BenchRow[]> {
  const { zoneId, addresses } = context;
  const sink = await startSinkProcess();
  const app = createSmtpBenchApp(context, sink.url);
  const transport = createRawTransport(app);
  let server: FastifyInstance | undefined;
  let dispatcher: Dispatcher | undefined;
  let planner: PlannerRole | undefined;
  try {
    await assertQueueEmpty(app);
    const { cookie } = await benchDispatcher(app, zoneId);
    const networkId = await seedEmailNetwork(app, { zoneId, code: '960', addresses: addresses.slice(10_000, 10_000 + FIRST_MESSAGE_MEMBERS), seed: 41 });
    server = await createWebServer(app, ROUTE_REGISTRARS);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const base = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
    dispatcher = startDispatcherRole(app, createAlertDeliveryRenderer(app));
    await dispatcher.ready();
    // The alert is planned in the background after the 303, as `waakzaam serve` does it.
    planner = startPlannerRole(app);

    const toFirst: number[] = [];
    const toResponse: number[] = [];
    let lastAlert = '';
    for (let send = 0; send < WARM_UP_SENDS + SENDS; send++) {
      const { requestKey, csrf } = await openComposer(base, cookie);
      const form = sendForm({ requestKey, csrf, zoneId, networkId });
      await sink.reset();
      const clicked = wallClockMs();
      const response = await post(`${base}/alerts`, cookie, form);
      const answered = wallClockMs();
      const location = response.headers.get('location') ?? '';
      if (response.status !== 303 || !location.startsWith('/alerts/')) throw new Error(`POST /alerts: HTTP ${String(response.status)}, not a redirect to the alert`);
      lastAlert = decodeURIComponent(location.slice('/alerts/'.length));
      // Once the first message is out, the stop button: the next click then finds an idle dispatcher
      // without waiting for 1,000 e-mails (the e-mail benchmark measures the rate).
      await sink.waitFor(1);
      const cancelled = await post(`${base}/alerts/${encodeURIComponent(lastAlert)}/cancel`, cookie, new URLSearchParams({ _csrf: csrf }).toString());
      if (cancelled.status !== 303) throw new Error(`POST /alerts/:id/cancel: HTTP ${String(cancelled.status)}`);
      await dispatcher.idle();
      await assertSentOrCancelled(app, sink, lastAlert);
      if (send < WARM_UP_SENDS) continue;
      toFirst.push((await sink.stats()).firstRcptAt! - clicked);
      toResponse.push(answered - clicked);
    }

    // The raw limit: one of the same messages through a pool whose connections are open (as the driver's are after the sends above).
    const [message] = await renderedMessages(app, lastAlert, 1);
    const raw: number[] = [];
    for (let send = 0; send < WARM_UP_SENDS + SENDS; send++) {
      await sink.reset();
      const started = wallClockMs();
      await transport.sendMail(message!);
      const stats = await sink.stats();
      assertExactlyOnce(stats, 1, 'raw nodemailer');
      if (send >= WARM_UP_SENDS) raw.push(stats.firstRcptAt! - started);
    }

    const label = `first message (red alert to ${FIRST_MESSAGE_MEMBERS.toLocaleString('en-US')} members, ${String(SENDS)} sends, real server)`;
    const spread = (samples: number[]) => `p50 ${fmtMs(percentile(samples, 50))} · max ${fmtMs(Math.max(...samples))}`;
    return [
      // No ratio: a click plans and commits 1,000 steps before anything is sent; the raw figure is the wire's own share.
      { benchmark: label, database: context.label, measure: 'send click → first RCPT TO at the sink', value: spread(toFirst), raw: `p50 ${fmtMs(percentile(raw, 50))} (1 message, pool open)` },
      { benchmark: label, database: context.label, measure: 'send click → 303 response', value: spread(toResponse) },
    ];
  } finally {
    await server?.close();
    await planner?.stop();
    await dispatcher?.stop();
    transport.close();
    await app.email.close?.();
    await sink.stop();
  }
}
