import { type Socket, createSocket } from 'node:dgram';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type SipResponse, headerValues, parseMessage } from './message.ts';
import { CallFailure, type UserAgent, createUserAgent } from './user-agent.ts';

const SDP = (port: number) => `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n`;
const TIMERS = { t1: 100, t2: 400, t4: 500, timerD: 500 };

let closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

async function agent(options: { allowedSources?: string[]; maxPendingRequests?: number; t1?: number; log?: (level: string, message: string) => void } = {}): Promise<UserAgent> {
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, ...options, timers: { ...TIMERS, t1: options.t1 ?? TIMERS.t1 } });
  closing.push(() => ua.close());
  return ua;
}

async function rawSocket(host = '127.0.0.1'): Promise<Socket & { responses: SipResponse[] }> {
  const socket = Object.assign(createSocket('udp4'), { responses: [] as SipResponse[] });
  await new Promise<void>((done) => socket.bind(0, host, done));
  socket.on('message', (data) => {
    const parsed = parseMessage(data);
    if (parsed.ok && parsed.message.type === 'response') socket.responses.push(parsed.message);
  });
  closing.push(() => new Promise<void>((done) => socket.close(() => done())));
  return socket;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

function optionsRequest(socket: Socket, branch: string, extra = ''): Buffer {
  const { port } = socket.address();
  return Buffer.from(
    `OPTIONS sip:ua@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${branch};rport\r\nFrom: <sip:probe@127.0.0.1>;tag=p${branch}\r\n` +
      `To: <sip:ua@127.0.0.1>\r\nCall-ID: ${branch}@probe\r\nCSeq: 1 OPTIONS\r\n${extra}Content-Length: 0\r\n\r\n`,
  );
}

describe('the user agent, two of them on loopback', () => {
  it('given 500 simultaneous calls between two agents, every one is answered, carries the answer SDP, and ends on hangup', async () => {
    const callee = await agent();
    const caller = await agent();
    const ends: Promise<{ by: string }>[] = [];
    callee.onIncomingCall((incoming) => {
      void incoming.answer(SDP(20_000)).then((call) => ends.push(call.ended));
    });
    const calls = await Promise.all(
      Array.from({ length: 500 }, (_, i) => caller.call({ to: `sip:member${i}@127.0.0.1:${callee.local.port}`, sdp: SDP(30_000 + i), ringTimeoutMs: 20_000 })),
    );
    expect(calls.every((call) => call.remoteSdp.includes('m=audio 20000'))).toBe(true);
    expect(new Set(calls.map((call) => call.callId)).size).toBe(500);
    await until(() => callee.counts().dialogs === 500 && ends.length === 500);
    await Promise.all(calls.map((call) => call.hangup()));
    expect((await Promise.all(ends)).filter((end) => end.by !== 'remote')).toEqual([]);
    expect(caller.counts().dialogs).toBe(0);
    expect(callee.counts().dialogs).toBe(0);
  });

  it('given a caller that gives up while the phone rings, the callee sees the CANCEL and the caller a cancelled call', async () => {
    const callee = await agent();
    const caller = await agent();
    let cancelled: Promise<void> | undefined;
    callee.onIncomingCall((incoming) => (cancelled = incoming.cancelled));
    const controller = new AbortController();
    const pending = caller.call({ to: `sip:member@127.0.0.1:${callee.local.port}`, sdp: SDP(30_000), ringTimeoutMs: 20_000, signal: controller.signal });
    await until(() => cancelled !== undefined);
    controller.abort();
    await cancelled;
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', status: 487 });
  });

  it('given a callee that rejects with 603, the caller fails as rejected with the status', async () => {
    const callee = await agent();
    const caller = await agent();
    callee.onIncomingCall((incoming) => incoming.reject(603));
    const failure = await caller.call({ to: `sip:x@127.0.0.1:${callee.local.port}`, sdp: SDP(1), ringTimeoutMs: 5000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CallFailure);
    expect(failure).toMatchObject({ kind: 'rejected', status: 603 });
  });

  it('given nobody answering at all, Timer B ends the call as unreachable', async () => {
    const caller = await agent({ t1: 20 });
    const silent = await rawSocket();
    const failure = await caller.call({ to: `sip:x@127.0.0.1:${silent.address().port}`, sdp: SDP(1), ringTimeoutMs: 60_000 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'unreachable' });
  });
});

describe('the user agent facing the network', () => {
  it('given OPTIONS from an allowed source, it answers 200 with the methods it allows', async () => {
    const ua = await agent({ allowedSources: ['127.0.0.1/32'] });
    const probe = await rawSocket();
    probe.send(optionsRequest(probe, 'opt1'), ua.local.port, '127.0.0.1');
    await until(() => probe.responses.length === 1);
    expect(probe.responses[0]).toMatchObject({ status: 200 });
    expect(headerValues(probe.responses[0]!, 'Allow')).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO']);
  });

  it('given a request with a broken header but enough to route a reply, it answers 400; pure garbage gets nothing and breaks nothing', async () => {
    const ua = await agent();
    const probe = await rawSocket();
    probe.send(Buffer.from('\x00\xff garbage \r\n\r\n'), ua.local.port, '127.0.0.1');
    probe.send(optionsRequest(probe, 'bad1', 'Content-Length: 9999\r\n'), ua.local.port, '127.0.0.1');
    probe.send(optionsRequest(probe, 'good1'), ua.local.port, '127.0.0.1');
    await until(() => probe.responses.length === 2);
    expect(probe.responses.map((response) => response.status).sort()).toEqual([200, 400]);
  });

  it('given a scanner flooding from an unknown address, nothing is answered to it and a call from the trunk still completes', async () => {
    const callee = await agent({ allowedSources: ['127.0.0.1'] });
    const trunk = await agent();
    const scanner = await rawSocket('127.0.0.2');
    callee.onIncomingCall((incoming) => void incoming.answer(SDP(20_000)));
    let flooding = true;
    let sent = 0;
    const flood = (async () => {
      while (flooding) {
        for (let i = 0; i < 20; i++) scanner.send(optionsRequest(scanner, `scan${sent++}`), callee.local.port, '127.0.0.1');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const call = await trunk.call({ to: `sip:member@127.0.0.1:${callee.local.port}`, sdp: SDP(30_000), ringTimeoutMs: 10_000 });
    await call.hangup();
    flooding = false;
    await flood;
    expect(await call.ended).toEqual({ by: 'local' });
    await until(() => callee.counts().dropped > 0);
    expect(scanner.responses).toEqual([]);
  });

  it('given more new requests than the queue holds, the excess is dropped instead of piling up', async () => {
    const ua = await agent({ maxPendingRequests: 10 });
    const probe = await rawSocket();
    for (let i = 0; i < 100; i++) probe.send(optionsRequest(probe, `burst${i}`), ua.local.port, '127.0.0.1');
    await until(() => probe.responses.length + ua.counts().dropped >= 100);
    expect(ua.counts().dropped).toBeGreaterThan(0);
    expect(probe.responses.length).toBeGreaterThan(0);
    // Dropped requests leave no transaction behind; answered ones wait out Timer J.
    expect(ua.counts().serverTransactions).toBe(probe.responses.length);
  });

  it('given a stream of mutated INVITE, BYE, ACK and response datagrams, no handler fails and the agent still answers', async () => {
    const warnings: string[] = [];
    const ua = await agent({ log: (level, message) => level === 'warn' && warnings.push(message) });
    const probe = await rawSocket();
    const port = probe.address().port;
    const base = (start: string, method: string, toTag: string) =>
      `${start}\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKfz;rport\r\nFrom: <sip:f@127.0.0.1>;tag=f1\r\nTo: <sip:ua@127.0.0.1>${toTag}\r\n` +
      `Call-ID: fz@x\r\nCSeq: 2 ${method}\r\nContact: <sip:f@127.0.0.1:${port}>\r\nContent-Type: application/dtmf\r\nContent-Length: 1\r\n\r\n5`;
    const valid = [
      base('INVITE sip:ua@127.0.0.1 SIP/2.0', 'INVITE', ''),
      base('BYE sip:ua@127.0.0.1 SIP/2.0', 'BYE', ';tag=x'),
      base('INFO sip:ua@127.0.0.1 SIP/2.0', 'INFO', ';tag=x'),
      base('ACK sip:ua@127.0.0.1 SIP/2.0', 'ACK', ';tag=x'),
      base('SIP/2.0 200 OK', 'INVITE', ';tag=x'),
    ];
    const datagram = fc
      .tuple(fc.constantFrom(...valid), fc.nat(400), fc.nat(30), fc.string({ unit: fc.constantFrom(';', ':', ',', '<', '>', '"', '=', ' ', '\r\n', 'rport=99999', 'tag=', '0', 'z9hG4bK'), maxLength: 6 }))
      .map(([text, at, length, insert]) => text.slice(0, at) + insert + text.slice(at + length));
    const samples = fc.sample(datagram, { numRuns: 400, seed: 42 });
    // In small batches, so the kernel's socket buffer (not the agent) is never what drops them.
    for (let i = 0; i < samples.length; i += 20) {
      for (const text of samples.slice(i, i + 20)) probe.send(Buffer.from(text), ua.local.port, '127.0.0.1');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    probe.send(optionsRequest(probe, 'after-fuzz'), ua.local.port, '127.0.0.1');
    await until(() => probe.responses.some((response) => response.headers.some((h) => h.value === 'after-fuzz@probe')));
    expect(warnings).toEqual([]);
  });
});
