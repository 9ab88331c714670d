/**
 * The SMTP sink as a process of its own, for tests that kill their sender midway:
 *
 *   node --import tsx test/support/smtp-sink.cli.ts --out accepted.jsonl [--port 0]
 *        [--fail-first N[:CODE]] [--reject address:CODE]... [--drop-after K]
 *
 * Prints one JSON line `{"port":N}` on standard output once listening, then appends one JSON line
 * per accepted message to `--out` (written before the 250 reply goes out): queueId, messageId,
 * from, to, size, receivedAt. Stops on SIGTERM or SIGINT, or when its parent process ends.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSmtpSink } from './smtp-sink.ts';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    out: { type: 'string' },
    'fail-first': { type: 'string' },
    reject: { type: 'string', multiple: true, default: [] },
    'drop-after': { type: 'string' },
  },
});

function codeAndCount(spec: string, defaultCode: number): { count: number; code: number } {
  const [count = '0', code] = spec.split(':');
  return { count: Number(count), code: code ? Number(code) : defaultCode };
}

const out = values.out;
const rejectRecipients = Object.fromEntries(
  values.reject.map((spec) => {
    const at = spec.lastIndexOf(':');
    return [spec.slice(0, at), { code: Number(spec.slice(at + 1)), message: 'Recipient refused by the test sink' }];
  }),
);

const sink = await startSmtpSink({
  host: values.host,
  port: Number(values.port),
  keepRaw: false,
  rejectRecipients,
  ...(values['fail-first'] ? { failFirst: codeAndCount(values['fail-first'], 451) } : {}),
  ...(values['drop-after'] ? { dropConnectionAfter: Number(values['drop-after']) } : {}),
  onAccepted: (message) => {
    if (!out) return;
    const record = { queueId: message.queueId, messageId: message.messageId, from: message.envelope.from, to: message.envelope.to, size: message.size, receivedAt: message.receivedAt };
    appendFileSync(out, `${JSON.stringify(record)}\n`);
  },
});

process.stdout.write(`${JSON.stringify({ port: sink.port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await sink.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// A sink whose parent died (a crashed test run) stops rather than lingering.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1000).unref();
