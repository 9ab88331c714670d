/**
 * E-mail dispatch benchmark groundwork: the raw limit of this machine for sending e-mail to a local
 * SMTP sink, i.e. nodemailer itself with a pool of 5 connections and nothing of ours in between.
 * The delivery engine's rate is compared with this figure (goal: at least 0.8 of it).
 *
 *   npx tsx bench/email-dispatch.bench.ts [messages]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createTransport } from 'nodemailer';
import { startSmtpSink } from '../test/support/smtp-sink.ts';
import { renderEmailLayout } from '../src/channels/email/email-layout.tsx';
import { createSmtpEmailDriver } from '../src/channels/email/smtp.email-driver.ts';
import type { BenchRow } from './support.ts';

export type DispatchRate = { messages: number; seconds: number; perSecond: number };

/** The message every variant sends: a laid-out alert of realistic size, addressed to member n. */
export function benchmarkMessage(n: number) {
  const email = renderEmailLayout({
    locale: 'nl',
    subject: 'BIN-bericht: verdachte personen in de Kerkstraat',
    heading: 'Wees waakzaam',
    paragraphs: [
      'Twee personen in donkere kledij controleren deuren van geparkeerde wagens in de Kerkstraat, richting station.',
      'Doe uw lichten aan, sluit deuren en ramen en bel 101 met wat u ziet. Grijp niet zelf in.',
    ],
    button: { label: 'Ik heb dit gelezen', url: `https://bin.example.be/a/bench/${String(n)}` },
    zoneName: 'PZ Voorbeeld',
  });
  return { to: `member-${String(n)}@example.test`, idempotencyKey: `bench-${String(n)}`, ...email };
}

async function timed(count: number, send: (n: number) => Promise<unknown>, received: () => number): Promise<DispatchRate> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, n) => send(n)));
  const seconds = (performance.now() - started) / 1000;
  if (received() !== count) throw new Error(`The sink accepted ${String(received())} of ${String(count)} messages`);
  return { messages: count, seconds, perSecond: count / seconds };
}

/** Raw nodemailer, pooled, to a fresh local sink: the reference rate in messages per second. */
export async function measureRawNodemailerDispatch({ messages = 2000, connections = 5 } = {}): Promise<DispatchRate> {
  const sink = await startSmtpSink({ keepRaw: false });
  const transport = createTransport({ pool: true, host: sink.host, port: sink.port, secure: false, maxConnections: connections, maxMessages: 100, logger: false });
  try {
    return await timed(
      messages,
      (n) => {
        const { to, idempotencyKey, subject, text, html, headers } = benchmarkMessage(n);
        return transport.sendMail({ from: { name: 'BIN PZ Voorbeeld', address: 'bin@pz-voorbeeld.be' }, to, subject, text, html, headers, messageId: `<${idempotencyKey}@pz-voorbeeld.be>` });
      },
      () => sink.messages.length,
    );
  } finally {
    transport.close();
    await sink.stop();
  }
}

/** Our SMTP driver (same pool size) to a fresh local sink: shows what the driver itself costs. */
export async function measureSmtpDriverDispatch({ messages = 2000, connections = 5 } = {}): Promise<DispatchRate> {
  const sink = await startSmtpSink({ keepRaw: false });
  const driver = createSmtpEmailDriver({ url: sink.url, requireTls: false, from: { name: 'BIN PZ Voorbeeld', address: 'bin@pz-voorbeeld.be' }, poolSize: connections });
  try {
    return await timed(
      messages,
      async (n) => {
        const outcome = await driver.send(benchmarkMessage(n));
        if (outcome.kind !== 'sent') throw new Error(`Message ${String(n)}: ${outcome.kind} ${outcome.reason ?? ''}`);
      },
      () => sink.messages.length,
    );
  } finally {
    await driver.close?.();
    await sink.stop();
  }
}

/**
 * The rows for `npm run bench`: our SMTP driver against raw nodemailer, both pooled (5) to a local
 * sink in this process. As in the other rows, ratio = our time / raw time (lower is better); the
 * delivery engine's own row is compared with the same raw figure.
 */
export async function benchEmailDispatch({ messages = 2000 } = {}): Promise<BenchRow[]> {
  const raw = await measureRawNodemailerDispatch({ messages });
  const driver = await measureSmtpDriverDispatch({ messages });
  const rate = (r: DispatchRate) => `${Math.round(r.perSecond).toLocaleString('en-US')} messages/s`;
  return [{ benchmark: `e-mail dispatch (${messages.toLocaleString('en-US')} messages, pool of 5)`, database: '-', measure: 'smtp e-mail driver', value: rate(driver), raw: rate(raw), ratio: driver.seconds / raw.seconds }];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const messages = Number(process.argv[2] ?? 2000);
  const raw = await measureRawNodemailerDispatch({ messages });
  const driver = await measureSmtpDriverDispatch({ messages });
  const line = (label: string, rate: DispatchRate) => `${label.padEnd(34)} ${rate.perSecond.toFixed(0).padStart(6)} messages/s (${String(rate.messages)} in ${rate.seconds.toFixed(2)} s)`;
  console.log(line('raw nodemailer, pool of 5', raw));
  console.log(line('smtp e-mail driver, pool of 5', driver));
  console.log(`driver / raw: ${(driver.perSecond / raw.perSecond).toFixed(2)}x`);
}
