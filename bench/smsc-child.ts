/**
 * The test SMSC of the SMS benchmark, run as a child process (see `startSmscProcess` in
 * sms-dispatch.bench.ts): on two cores, decoding the submits runs beside the sender instead of
 * taking turns with it on one event loop. No receipts (neither run would read them). It answers
 * the parent over the IPC channel and ends when the parent goes away.
 */
import { startSmsc } from '../test/support/smsc.ts';

export type SmscOp = { op: 'reset' } | { op: 'stats' } | { op: 'wait'; count: number; timeoutMs: number } | { op: 'answerDelay'; ms: number };
export type SmscRequest = { id: number } & SmscOp;
/** `distinct`: different (destination, text) pairs among the accepted submits. */
export type SmscStats = { accepted: number; distinct: number; binds: number };
export type SmscResponse = { id: number; ok: true; stats: SmscStats } | { id: number; ok: false; error: string };
export type SmscReady = { ready: true; url: string };

const smsc = await startSmsc();
smsc.receipts({ enabled: false });

function stats(): SmscStats {
  return { accepted: smsc.accepted.length, distinct: new Set(smsc.accepted.map((part) => `${part.to}\u0000${part.text}`)).size, binds: smsc.binds() };
}

async function answer(request: SmscRequest): Promise<SmscResponse> {
  try {
    if (request.op === 'reset') smsc.accepted.length = 0;
    else if (request.op === 'answerDelay') smsc.answerDelay(request.ms);
    else if (request.op === 'wait') await smsc.waitFor(() => smsc.accepted.length >= request.count, request.timeoutMs);
    return { id: request.id, ok: true, stats: stats() };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (request: SmscRequest) => {
  void answer(request).then((response) => process.send!(response));
});
process.on('disconnect', () => {
  void smsc.stop().finally(() => process.exit(0));
});
process.send!({ ready: true, url: smsc.url() } satisfies SmscReady);
