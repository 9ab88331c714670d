import { afterEach, describe, expect, it } from 'vitest';
import { type SippProcess, startSipp } from '../../../test/telephony/sipp.ts';
import { type MediaSession, createMediaSession } from '../media/media-session.ts';
import { CallFailure, type UserAgent, createUserAgent } from './user-agent.ts';

const TIMERS = { t1: 100, t2: 400, t4: 500, timerD: 500 };
const OFFER = ['v=0', 'o=- 1 1 IN IP4 127.0.0.2', 's=-', 'c=IN IP4 127.0.0.2', 't=0 0', 'm=audio 40002 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000', ''].join('\r\n');

let closing: (() => Promise<unknown>)[] = [];
let sipp: SippProcess | undefined;
afterEach(async () => {
  await sipp?.stop();
  sipp = undefined;
  for (const close of closing.reverse()) await close();
  closing = [];
});

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('a line under an INVITE flood, against sipp', () => {
  it('given 200 INVITE/s for 3 s from one address, every call gets a final answer, a genuine caller gets through or 503, and the line returns to rest', async () => {
    // The dial-in line's shape: a media session per call from its own small port range (10 ports),
    // a cap of 8 calls, 100 INVITEs a second per source; a call whose media cannot start is left
    // unanswered by the handler, as a failing application would, and the guard answers it.
    const line: UserAgent = await createUserAgent({
      bind: { host: '127.0.0.1', port: 0 },
      timers: TIMERS,
      incoming: { maxCalls: 8, invitesPerSecond: 100, unansweredMs: 2000 },
    });
    closing.push(() => line.close());
    const sessions = new Set<MediaSession>();
    let answered = 0;
    line.onIncomingCall((incoming) => {
      void createMediaSession({ address: '127.0.0.1', portRange: [41000, 41009] })
        .then(async (media) => {
          sessions.add(media);
          const call = await incoming.answer(media.answerOffer(incoming.remoteSdp));
          answered++;
          await call.ended;
          media.close();
          sessions.delete(media);
        })
        .catch(() => undefined);
    });
    // With --expose-gc (NODE_OPTIONS) the heap figures are after a collection; without, they are indicative.
    const heap = () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().heapUsed;
    };
    const heapBefore = heap();

    const calls = 600;
    sipp = await startSipp({
      scenario: 'flood-uac.xml',
      calls,
      timeoutSeconds: 60,
      extraArgs: ['127.0.0.1:' + line.local.port, '-r', '200', '-rp', '1000', '-recv_timeout', '15000', '-max_recv_loops', '10000', '-trace_err'],
    });
    // A genuine call from another address while the flood runs.
    const caller = await createUserAgent({ bind: { host: '127.0.0.2', port: 0 }, timers: TIMERS });
    closing.push(() => caller.close());
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const genuine = await caller
      .call({ to: `sip:line@127.0.0.1:${line.local.port}`, sdp: OFFER, ringTimeoutMs: 10_000 })
      .then(async (call) => {
        await call.hangup();
        return 'answered';
      })
      .catch((error: unknown) => (error instanceof CallFailure ? `${error.kind} ${error.status ?? ''}`.trim() : String(error)));
    expect(['answered', 'rejected 503']).toContain(genuine);

    const exit = await sipp.exited;
    // sipp's message table: every INVITE got a final answer, 200 or 503, and no call waited into
    // -recv_timeout. (A late retransmission landing on a finished call is an "unexpected
    // message" for sipp under load, not a missing answer: its exit code is not the measure.)
    const row = (label: string) => [...exit.stdout.matchAll(new RegExp(`^\\s+${label} <-+\\s+(\\d+)\\s+\\d+\\s+(\\d+)`, 'gm'))].map((match) => ({ messages: Number(match[1]), timeouts: Number(match[2]) }));
    const [refusedBySipp] = row('503');
    const [answeredBySipp] = row('200');
    expect(exit.stdout).toMatch(new RegExp(`INVITE -+>\\s+${calls}\\s`));
    expect((refusedBySipp?.messages ?? 0) + (answeredBySipp?.messages ?? 0), exit.stdout.slice(-3000)).toBe(calls);
    expect([...row('100'), ...row('180'), ...row('503'), ...row('200')].every((r) => r.timeouts === 0)).toBe(true);
    const counts = line.counts();
    expect(answered).toBeGreaterThan(0);
    expect(counts.refusedCalls).toBeGreaterThan(0);

    // Back to rest: no call, no dialog, no per-source bucket, no transaction once their timers ran out.
    await until(() => {
      const now = line.counts();
      return now.dialogs === 0 && now.incomingCalls === 0 && now.serverTransactions === 0 && sessions.size === 0;
    });
    // One INVITE after the buckets refilled sweeps them away.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await caller.call({ to: `sip:line@127.0.0.1:${line.local.port}`, sdp: OFFER, ringTimeoutMs: 10_000 }).then((call) => call.hangup());
    await until(() => line.counts().dialogs === 0 && line.counts().incomingCalls === 0);
    expect(line.counts().rateSources).toBeLessThanOrEqual(1);
    const heapAfter = heap();
    console.info(`flood: ${calls} INVITEs at 200/s; sipp saw ${answeredBySipp?.messages} × 200 and ${refusedBySipp?.messages} × 503; the line answered ${answered}, refused ${counts.refusedCalls}; genuine call: ${genuine}; heap ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapAfter / 1e6).toFixed(1)} MB after`);
  }, 120_000);
});
