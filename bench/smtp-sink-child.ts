/**
 * The SMTP sink of the e-mail benchmarks, run as a child process (see `startSinkProcess` in
 * email-support.ts): on two cores, the sink's parsing then runs beside the sender instead of
 * taking turns with it on one event loop. It answers the parent over the IPC channel and ends
 * when the parent goes away.
 */
import { startSmtpSink } from '../test/support/smtp-sink.ts';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const wallClockMs = () => performance.timeOrigin + performance.now();

export type SinkRequest = { id: number } & ({ op: 'reset' } | { op: 'stats' } | { op: 'wait'; count: number; timeoutMs: number });
export type SinkStats = { accepted: number; recipients: number; bytes: number; firstRcptAt: number | null };
export type SinkResponse = { id: number; ok: true; stats?: SinkStats } | { id: number; ok: false; error: string };
export type SinkReady = { ready: true; url: string };

let firstRcptAt: number | null = null;
const sink = await startSmtpSink({
  keepRaw: false,
  // The first RCPT TO after a reset: the moment the first message of a send is on the wire.
  reply: (attempt) => {
    if (attempt.stage === 'rcpt' && firstRcptAt === null) firstRcptAt = wallClockMs();
    return undefined;
  },
});

function stats(): SinkStats {
  return {
    accepted: sink.messages.length,
    recipients: sink.countByRecipient().size,
    bytes: sink.messages.reduce((sum, message) => sum + message.size, 0),
    firstRcptAt,
  };
}

async function answer(request: SinkRequest): Promise<SinkResponse> {
  try {
    if (request.op === 'reset') {
      sink.clear();
      firstRcptAt = null;
    } else if (request.op === 'wait') {
      await sink.waitForMessages(request.count, request.timeoutMs);
    }
    return { id: request.id, ok: true, stats: stats() };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (request: SinkRequest) => {
  void answer(request).then((response) => process.send!(response));
});
process.on('disconnect', () => {
  void sink.stop().finally(() => process.exit(0));
});
process.send!({ ready: true, url: sink.url } satisfies SinkReady);
