import { type Socket, createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdmission } from './admission.ts';
import { type SipResponse, header, headerValues, parseMessage } from './message.ts';
import { type CallFailure, type UserAgent, type UserAgentOptions, createUserAgent } from './user-agent.ts';

const SDP = (port: number) => `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n`;
const TIMERS = { t1: 100, t2: 400, t4: 500, timerD: 500 };

let closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.reverse()) await close();
  closing = [];
});

async function agent(options: Partial<UserAgentOptions> = {}): Promise<UserAgent> {
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, ...options, timers: TIMERS });
  closing.push(() => ua.close());
  return ua;
}

async function rawSocket(): Promise<Socket & { responses: SipResponse[] }> {
  const socket = Object.assign(createSocket('udp4'), { responses: [] as SipResponse[] });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
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

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as CallFailure);

function invite(socket: Socket, id: string, extra: string): Buffer {
  const { port } = socket.address();
  const body = SDP(40_000);
  return Buffer.from(
    `INVITE sip:line@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${id};rport\r\nFrom: <sip:caller@127.0.0.1>;tag=${id}\r\n` +
      `To: <sip:line@127.0.0.1>\r\nCall-ID: ${id}@probe\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:${port}>\r\nMax-Forwards: 70\r\n${extra}` +
      `Content-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
}

describe('extensions a call may require', () => {
  it('given an INVITE that requires 100rel or timer, it is answered 420 naming what is unsupported, and never reaches the handler', async () => {
    const line = await agent();
    let offered = 0;
    line.onIncomingCall(() => offered++);
    const probe = await rawSocket();
    probe.send(invite(probe, 'req1', 'Require: 100rel, timer\r\nSupported: replaces\r\n'), line.local.port, '127.0.0.1');
    await until(() => probe.responses.some((response) => response.status >= 200));
    const final = probe.responses.find((response) => response.status >= 200)!;
    expect(final.status).toBe(420);
    expect(headerValues(final, 'Unsupported')).toEqual(['100rel', 'timer']);
    expect(offered).toBe(0);
  });

  it('given an UPDATE within a call, it is answered 405 with the methods allowed, and the call goes on', async () => {
    const callee = await agent();
    const caller = await agent();
    callee.onIncomingCall((incoming) => void incoming.answer(SDP(20_000)));
    const call = await caller.call({ to: `sip:line@127.0.0.1:${callee.local.port}`, sdp: SDP(30_000), ringTimeoutMs: 5000 });
    // RFC 3261 §8.2.1: the method is looked at before the dialog, so the tags need not be the call's.
    const probe = await rawSocket();
    const { port } = probe.address();
    probe.send(
      Buffer.from(
        `UPDATE sip:line@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKupd1;rport\r\nFrom: <sip:caller@127.0.0.1>;tag=a\r\n` +
          `To: <sip:line@127.0.0.1>;tag=b\r\nCall-ID: ${call.callId}\r\nCSeq: 5 UPDATE\r\nContact: <sip:caller@127.0.0.1:${port}>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
      ),
      callee.local.port,
      '127.0.0.1',
    );
    await until(() => probe.responses.length > 0);
    expect(probe.responses[0]).toMatchObject({ status: 405 });
    expect(headerValues(probe.responses[0]!, 'Allow')).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO']);
    await call.hangup();
    expect(await call.ended).toEqual({ by: 'local' });
  });
});

describe('how many calls a line takes', () => {
  it('given a line of two calls, a third caller gets 503 with Retry-After at once, and a place frees when a call ends', async () => {
    const line = await agent({ incoming: { maxCalls: 2 } });
    line.onIncomingCall((incoming) => void incoming.answer(SDP(20_000)));
    const caller = await agent();
    const to = `sip:line@127.0.0.1:${line.local.port}`;
    const first = await caller.call({ to, sdp: SDP(30_000), ringTimeoutMs: 5000 });
    await caller.call({ to, sdp: SDP(30_002), ringTimeoutMs: 5000 });
    const refused = await failureOf(caller.call({ to, sdp: SDP(30_004), ringTimeoutMs: 5000 }));
    expect(refused).toMatchObject({ kind: 'rejected', status: 503 });
    expect(line.counts()).toMatchObject({ incomingCalls: 2, refusedCalls: 1 });
    await first.hangup();
    await until(() => line.counts().incomingCalls === 1);
    const again = await caller.call({ to, sdp: SDP(30_006), ringTimeoutMs: 5000 });
    await again.hangup();
  });

  it('given a handler that never answers, the caller gets 503 when the line gives up instead of ringing forever', async () => {
    const line = await agent({ incoming: { unansweredMs: 300 } });
    line.onIncomingCall(() => undefined);
    const probe = await rawSocket();
    probe.send(invite(probe, 'silent1', ''), line.local.port, '127.0.0.1');
    await until(() => probe.responses.some((response) => response.status >= 200));
    const final = probe.responses.find((response) => response.status >= 200)!;
    expect(final.status).toBe(503);
    expect(header(final, 'Retry-After')).toBe('5');
    expect(line.counts().incomingCalls).toBe(0);
  });

  it('given INVITEs from one address faster than its rate, the excess is refused 503 at once', async () => {
    const line = await agent({ incoming: { invitesPerSecond: 2, burst: 2 } });
    line.onIncomingCall((incoming) => incoming.reject(486));
    const probe = await rawSocket();
    for (let i = 0; i < 5; i++) probe.send(invite(probe, `burst${i}`, ''), line.local.port, '127.0.0.1');
    await until(() => probe.responses.filter((response) => response.status >= 200).length >= 5);
    const statuses = probe.responses.filter((response) => response.status >= 200).map((response) => response.status);
    expect(statuses.filter((status) => status === 486)).toHaveLength(2);
    expect(statuses.filter((status) => status === 503)).toHaveLength(3);
  });
});

describe('the admission of calls', () => {
  it('given a per-source bucket, it refills with time and is forgotten once full again', () => {
    let now = 0;
    const admission = createAdmission({ invitesPerSecond: 1, burst: 1, now: () => now });
    expect(admission.admit('192.0.2.1')).toBe('admitted');
    expect(admission.admit('192.0.2.1')).toBe('rate_limited');
    now = 1000;
    expect(admission.admit('192.0.2.1')).toBe('admitted');
    admission.release();
    admission.release();
    now = 5000;
    admission.admit('192.0.2.2');
    expect(admission.counts()).toEqual({ active: 1, sources: 1 });
  });
});
