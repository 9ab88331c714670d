/**
 * Telephony benchmark (`npm run bench calls`), on loopback against sipp in its own process:
 * - concurrent calls: one user agent and one media session per call against a sipp UAS that echoes
 *   RTP (`-rtp_echo`), ramped up in steps to 500 calls, each step held for 10 s with every call
 *   playing a tone; the shared pacer's send lateness, packets sent and echoed back, CPU. Against the
 *   raw limit: the same number of sockets sending a prebuilt packet on the same pacer to the same
 *   echo (no SIP, no codec, no RTP parsing).
 * - call set-up rate: INVITE → 200 → ACK → BYE → 200 against sipp's built-in UAS, against sipp's
 *   own UAC on the same UAS, the same number of calls with the same number in flight.
 * - call → INVITE on the wire: from `ua.call()` until a UDP socket acting as the trunk receives the
 *   INVITE, against the same bytes sent on a bare socket.
 * It needs no database (the harness runs it before loading the address register).
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MediaSession, createMediaSession } from '../src/telephony/media/media-session.ts';
import { type Pacer, createPacer } from '../src/telephony/media/pacer.ts';
import { createResponse, parseMessage, serializeMessage } from '../src/telephony/sip/message.ts';
import { type OutgoingCall, type UserAgent, createUserAgent } from '../src/telephony/sip/user-agent.ts';
import { freeUdpPort, startSipp } from '../test/telephony/sipp.ts';
import { type BenchRow, fmtMs, percentile } from './support.ts';

/** Steps of the ramp (`BENCH_CALL_STEPS=100,200` to change them). */
const CALL_STEPS = (process.env.BENCH_CALL_STEPS ?? '100,200,300,400,500').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const HOLD_MS = 10_000;
/** New calls per second while ramping (many trunks allow far fewer; this is about media). */
const RAMP_BATCH = 20;
const RAMP_BATCH_MS = 100;
/**
 * A step is sustained when every call stayed up and the pacer ran at least this share of the frames
 * due (one that falls more than 100 ms behind skips frames). Echo losses are reported, not judged:
 * they happen in the receive buffer of sipp's one echo socket when the machine deschedules sipp.
 */
const MIN_FRAME_SHARE = 0.99;
/** The ramp stops when calls fail or our process needs this share of a core: the node is full. */
const MAX_OWN_CPU = 0.9;
/** The issue's goal for the send lateness at 500 calls. */
const P99_GOAL_MS = 5;
const RTP_PORTS: [number, number] = [40000, 49998];
const SETUP_CALLS = 1000;
const SETUP_WARM_UP = 100;
const SETUP_IN_FLIGHT = 50;
const INVITE_TRIALS = 20;
const INVITE_WARM_UP = 3;
const OFFER = ['v=0', 'o=waakzaam 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');

const BENCHMARK = 'calls (one node, sipp on loopback)';
const load = () => loadavg()[0]!.toFixed(1);

/** A 440 Hz tone at about -12 dBFS, shared by every call (play only reads it). */
function tone(seconds: number): Int16Array {
  const pcm = new Int16Array(8000 * seconds);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return pcm;
}

/** The pid of the sipp listening on `port` (found by its command line), for its CPU time. */
function sippPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args[0]?.endsWith('sipp') && args.some((arg, i) => arg === '-p' && args[i + 1] === String(port))) return Number(entry);
    } catch {
      // The process ended meanwhile.
    }
  }
  return undefined;
}

/** CPU seconds (user + system, all threads) of a process, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

const percent = (cpu: number, ms: number) => (Number.isNaN(cpu) ? '?' : `${Math.round((100 * cpu) / (ms / 1000))}%`);

type Live = { session: MediaSession; call: OutgoingCall; ended: boolean };

/** Sums of the sessions' counters. */
function packets(calls: readonly Live[]) {
  let sent = 0;
  let received = 0;
  for (const { session } of calls) {
    const stats = session.stats();
    sent += stats.packetsSent;
    received += stats.packetsReceived;
  }
  return { sent, received };
}

type Window = { calls: number; lateness: ReturnType<Pacer['stats']>['lateness']; frames: number; skipped: number; sent: number; received: number; ownCpu: number; sippCpu: number; ms: number };

/** Holds `HOLD_MS` and measures what the pacer and the sockets did meanwhile. */
async function measureWindow(pacer: Pacer, count: () => { sent: number; received: number }, sippProcess: number | undefined, calls: number): Promise<Window> {
  const before = count();
  const own = ownCpuSeconds();
  const sipp = cpuSeconds(sippProcess);
  pacer.resetStats();
  const started = performance.now();
  await sleep(HOLD_MS);
  const stats = pacer.stats();
  const after = count();
  return {
    calls,
    lateness: stats.lateness,
    frames: stats.frames,
    skipped: stats.skippedFrames,
    sent: after.sent - before.sent,
    received: after.received - before.received,
    ownCpu: ownCpuSeconds() - own,
    sippCpu: cpuSeconds(sippProcess) - sipp,
    ms: performance.now() - started,
  };
}

const sustained = (w: Window, failures: number) => failures === 0 && w.frames >= MIN_FRAME_SHARE * (w.frames + w.skipped);

function windowRow(w: Window, measure: string, failures: number): BenchRow {
  const { p50Ms, p99Ms, maxMs } = w.lateness;
  return {
    benchmark: BENCHMARK,
    database: '-',
    measure,
    value: `send lateness p50 ${fmtMs(p50Ms)} · p99 ${fmtMs(p99Ms)} (goal < ${String(P99_GOAL_MS)} ms ${p99Ms < P99_GOAL_MS ? 'met' : 'missed'}) · max ${fmtMs(maxMs)}; ${w.sent.toLocaleString('en-US')} RTP sent, ${(100 * (w.received / Math.max(1, w.sent))).toFixed(1)}% echoed${w.skipped ? `, ${String(w.skipped)} frames skipped` : ''}${failures ? `, ${String(failures)} calls failed or dropped` : ''}; CPU ours ${percent(w.ownCpu, w.ms)}, sipp ${percent(w.sippCpu, w.ms)}`,
  };
}

/** The raw limit of one step: `calls` bare sockets, one prebuilt 172-byte packet each per frame, echo counted only. */
async function rawWindow(calls: number, echoPort: number, sippProcess: number | undefined): Promise<Window> {
  const pacer = createPacer();
  const packet = Buffer.alloc(172, 0xd5);
  packet[0] = 0x80;
  packet[1] = 8;
  const sockets: Socket[] = [];
  const counts = { sent: 0, received: 0 };
  const removals: (() => void)[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      socket.on('message', () => counts.received++);
      sockets.push(socket);
      removals.push(pacer.add(() => {
        counts.sent++;
        socket.send(packet, echoPort, '127.0.0.1');
      }));
    }
    await sleep(500);
    return await measureWindow(pacer, () => ({ ...counts }), sippProcess, calls);
  } finally {
    for (const remove of removals) remove();
    for (const socket of sockets) socket.close();
  }
}

async function openCall(ua: UserAgent, sippPort: number, pacer: Pacer, audio: Int16Array): Promise<Live> {
  const session = await createMediaSession({ address: '127.0.0.1', portRange: RTP_PORTS, pacer });
  try {
    const call = await ua.call({ to: `sip:member@127.0.0.1:${String(sippPort)}`, sdp: session.createOffer(), ringTimeoutMs: 10_000 });
    session.acceptAnswer(call.remoteSdp);
    void session.play(audio);
    const live: Live = { session, call, ended: false };
    void call.ended.then(() => (live.ended = true));
    return live;
  } catch (error) {
    session.close();
    throw error;
  }
}

/** Concurrent calls with RTP both ways: one row per step held, then the raw limit of the last step. */
async function benchConcurrentCalls(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [{ benchmark: BENCHMARK, database: '-', measure: 'machine load (1-min average) before the concurrent calls', value: load() }];
  const echoPort = await freeUdpPort();
  // More calls than the ramp makes: sipp must still echo for the raw run after our calls ended.
  const sipp = await startSipp({ scenario: 'media-echo-uas.xml', calls: 1_000_000, timeoutSeconds: 600, extraArgs: ['-mi', '127.0.0.1', '-mp', String(echoPort), '-rtp_echo'] });
  const sippProcess = sippPid(sipp.port);
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, allowedSources: ['127.0.0.1'] });
  const pacer = createPacer();
  const audio = tone(CALL_STEPS.length * (HOLD_MS / 1000 + 10) + 30);
  const live: Live[] = [];
  let lastStep = 0;
  let best = 0;
  let last: { row: BenchRow; window: Window } | undefined;
  try {
    for (const step of CALL_STEPS) {
      let failures = 0;
      const rampStart = performance.now();
      while (live.length < step && failures === 0) {
        const batchStart = performance.now();
        const opened = await Promise.allSettled(Array.from({ length: Math.min(RAMP_BATCH, step - live.length) }, () => openCall(ua, sipp.port, pacer, audio)));
        for (const result of opened) {
          if (result.status === 'fulfilled') live.push(result.value);
          else failures++;
        }
        await sleep(Math.max(0, RAMP_BATCH_MS - (performance.now() - batchStart)));
      }
      const rampMs = performance.now() - rampStart;
      const window = await measureWindow(pacer, () => packets(live), sippProcess, live.length);
      const dropped = live.filter((call) => call.ended).length;
      lastStep = step;
      const ok = sustained(window, failures + dropped);
      if (ok) best = step;
      last = { row: windowRow(window, `${String(step)} concurrent calls, ${String(HOLD_MS / 1000)} s of tone each (ramp ${fmtMs(rampMs)})${ok ? '' : ' NOT SUSTAINED'}`, failures + dropped), window };
      rows.push(last.row);
      const full = failures + dropped > 0 || window.ownCpu / (window.ms / 1000) >= MAX_OWN_CPU;
      console.error(`calls: ${String(step)} concurrent, p99 ${fmtMs(window.lateness.p99Ms)}, load ${load()}${ok ? '' : ' (not sustained)'}${full ? ', ramp stops' : ''}`);
      if (full) break;
    }
  } finally {
    for (const { session } of live) session.close();
    await Promise.race([Promise.all(live.map(({ call }) => call.hangup().catch(() => undefined))), sleep(5000)]);
    await ua.close();
  }
  const raw = await rawWindow(lastStep, echoPort, sippProcess);
  rows.push(windowRow(raw, `raw limit: ${String(lastStep)} bare sockets, same pacer and echo`, 0));
  if (last) {
    // Ratio of the p99 send lateness: what sessions, SIP and codecs add to the event loop's own.
    last.row.raw = `p99 ${fmtMs(raw.lateness.p99Ms)}`;
    last.row.ratio = last.window.lateness.p99Ms / Math.max(0.1, raw.lateness.p99Ms);
  }
  await sipp.stop();
  rows.push({ benchmark: BENCHMARK, database: '-', measure: `concurrent calls sustained: the highest step with every call up and >= ${String(MIN_FRAME_SHARE * 100)}% of frames sent (goal 500)`, value: String(best) });
  return rows;
}

/** Our user agent: `count` calls (INVITE → 200 → ACK, then BYE → 200) with `inFlight` at once. */
async function ourSetUps(ua: UserAgent, sippPort: number, count: number, inFlight: number): Promise<{ ms: number; setUp: number[]; failures: number }> {
  const setUp: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) {
      next++;
      const t0 = performance.now();
      try {
        const call = await ua.call({ to: `sip:member@127.0.0.1:${String(sippPort)}`, sdp: OFFER, ringTimeoutMs: 10_000 });
        setUp.push(performance.now() - t0);
        await call.hangup();
      } catch {
        failures++;
      }
    }
  }));
  return { ms: performance.now() - started, setUp, failures };
}

/** The cumulative call rate sipp prints on its last statistics screen. */
function sippCallRate(stdout: string): number {
  const rates = [...stdout.matchAll(/Call Rate\s*\|[^|]*\|\s*([\d.]+) cps/g)];
  return Number(rates.at(-1)?.[1] ?? Number.NaN);
}

async function benchSetUpRate(): Promise<BenchRow[]> {
  const loadBefore = load();
  const uas = await startSipp({ scenario: 'sn:uas', calls: SETUP_WARM_UP + SETUP_CALLS, timeoutSeconds: 300 });
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, allowedSources: ['127.0.0.1'] });
  let ours: Awaited<ReturnType<typeof ourSetUps>>;
  try {
    await ourSetUps(ua, uas.port, SETUP_WARM_UP, SETUP_IN_FLIGHT);
    ours = await ourSetUps(ua, uas.port, SETUP_CALLS, SETUP_IN_FLIGHT);
  } finally {
    await ua.close();
    await uas.stop();
  }
  const rawUas = await startSipp({ scenario: 'sn:uas', calls: SETUP_CALLS, timeoutSeconds: 300 });
  const rawUac = await startSipp({ scenario: 'sn:uac', calls: SETUP_CALLS, timeoutSeconds: 300, extraArgs: ['-r', '5000', '-l', String(SETUP_IN_FLIGHT), '-d', '0', `127.0.0.1:${String(rawUas.port)}`] });
  const rawExit = await rawUac.exited;
  await rawUas.stop();
  const rawRate = sippCallRate(rawExit.stdout);
  if (rawExit.code !== 0 || Number.isNaN(rawRate)) throw new Error(`sipp UAC ended with ${String(rawExit.code)}: ${rawExit.stderr.slice(-500)}`);
  const ourRate = SETUP_CALLS / (ours.ms / 1000);
  const label = `${SETUP_CALLS.toLocaleString('en-US')} calls, ${String(SETUP_IN_FLIGHT)} in flight, INVITE → ACK → BYE (load ${loadBefore})`;
  return [
    { benchmark: BENCHMARK, database: '-', measure: `call set-up rate, ${label}`, value: `${Math.round(ourRate).toLocaleString('en-US')} calls/s${ours.failures ? `, ${String(ours.failures)} failed` : ''}`, raw: `sipp UAC: ${Math.round(rawRate).toLocaleString('en-US')} calls/s`, ratio: rawRate / ourRate },
    { benchmark: BENCHMARK, database: '-', measure: 'call set-up time, ua.call() → 200 OK and ACK sent', value: `p50 ${fmtMs(percentile(ours.setUp, 50))} · p99 ${fmtMs(percentile(ours.setUp, 99))}` },
  ];
}

/** A UDP socket acting as the trunk: notes when each INVITE arrives and answers 486 so the call ends. */
async function startTrunk(): Promise<{ port: number; next: () => Promise<{ at: number; bytes: Buffer }>; close: () => void }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  let waiting: ((arrival: { at: number; bytes: Buffer }) => void) | undefined;
  socket.on('message', (bytes, from) => {
    const at = performance.now();
    const parsed = parseMessage(bytes);
    if (!parsed.ok || parsed.message.type !== 'request' || parsed.message.method !== 'INVITE') return;
    waiting?.({ at, bytes });
    waiting = undefined;
    socket.send(serializeMessage(createResponse(parsed.message, 486, { toTag: 'trunk' })), from.port, from.address);
  });
  return {
    port: socket.address().port,
    next: () => new Promise((resolve) => (waiting = resolve)),
    close: () => socket.close(),
  };
}

async function benchFirstInvite(): Promise<BenchRow[]> {
  const loadBefore = load();
  const trunk = await startTrunk();
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, allowedSources: ['127.0.0.1'] });
  const bare = createSocket('udp4');
  await new Promise<void>((resolve) => bare.bind(0, '127.0.0.1', resolve));
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    let invite: Buffer = Buffer.alloc(0);
    for (let trial = 0; trial < INVITE_WARM_UP + INVITE_TRIALS; trial++) {
      const arrival = trunk.next();
      const started = performance.now();
      const call = ua.call({ to: `sip:+32470000${String(100 + trial)}@127.0.0.1:${String(trunk.port)}`, sdp: OFFER, ringTimeoutMs: 10_000 }).catch(() => undefined);
      const { at, bytes } = await arrival;
      await call;
      invite = bytes;
      if (trial >= INVITE_WARM_UP) ours.push(at - started);
    }
    for (let trial = 0; trial < INVITE_WARM_UP + INVITE_TRIALS; trial++) {
      const arrival = trunk.next();
      const started = performance.now();
      bare.send(invite, trunk.port, '127.0.0.1');
      const { at } = await arrival;
      if (trial >= INVITE_WARM_UP) raw.push(at - started);
    }
  } finally {
    bare.close();
    await ua.close();
    trunk.close();
  }
  return [{
    benchmark: BENCHMARK,
    database: '-',
    measure: `ua.call() → INVITE at a UDP socket acting as trunk, ${String(INVITE_TRIALS)} calls (load ${loadBefore})`,
    value: `p50 ${fmtMs(percentile(ours, 50))} · max ${fmtMs(Math.max(...ours))}`,
    raw: `p50 ${fmtMs(percentile(raw, 50))} (same bytes, bare socket)`,
    ratio: percentile(ours, 50) / percentile(raw, 50),
  }];
}

/** `npm run bench calls`: needs no database. */
export async function benchCalls(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  rows.push(...(await benchFirstInvite()));
  rows.push(...(await benchSetUpRate()));
  rows.push(...(await benchConcurrentCalls()));
  return rows;
}
