import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type SippProcess, startSipp } from '../../../test/telephony/sipp.ts';
import { parseAuthParams } from './digest.ts';
import { CallFailure, type UserAgent, createUserAgent } from './user-agent.ts';

const OFFER = ['v=0', 'o=waakzaam 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');

// Short T1 keeps the retransmission timers quick on loopback; the behaviour is the same.
const TIMERS = { t1: 100, t2: 400, t4: 500, timerD: 500 };

let sipp: SippProcess | undefined;
let ua: UserAgent | undefined;

afterEach(async () => {
  await ua?.close();
  await sipp?.stop();
  ua = undefined;
  sipp = undefined;
});

async function agent(trunk?: { password?: string; port: number }) {
  ua = await createUserAgent({
    bind: { host: '127.0.0.1', port: 0 },
    trunk: trunk
      ? { proxy: `127.0.0.1:${trunk.port}`, domain: 'trunk.test', username: 'alice', password: trunk.password, callerId: '+3250123456', displayName: 'BIN Brugge', registerExpiresSeconds: 60 }
      : undefined,
    allowedSources: ['127.0.0.1'],
    timers: { ...TIMERS, registerBackoffMs: 60_000 },
  });
  return ua;
}

async function failureOf(promise: Promise<unknown>): Promise<CallFailure> {
  const outcome = await promise.then(() => undefined, (error: unknown) => error);
  if (!(outcome instanceof CallFailure)) throw new Error(`expected a CallFailure, got ${String(outcome)}`);
  return outcome;
}

describe('the user agent against sipp', () => {
  it('given a phone that answers, the call resolves with its SDP and our BYE completes the call', async () => {
    sipp = await startSipp({ scenario: 'uas-answer.xml' });
    const caller = await agent();
    const call = await caller.call({ to: `sip:member@127.0.0.1:${sipp.port}`, sdp: OFFER, ringTimeoutMs: 5000 });
    expect(call.remoteSdp).toContain('a=rtpmap:8 PCMA/8000');
    await call.hangup();
    expect(await call.ended).toEqual({ by: 'local' });
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a phone that presses 1 by SIP INFO and hangs up, the digit is surfaced and the call ends by the remote', async () => {
    sipp = await startSipp({ scenario: 'uas-info-hangup.xml' });
    const caller = await agent();
    const call = await caller.call({ to: `sip:member@127.0.0.1:${sipp.port}`, sdp: OFFER, ringTimeoutMs: 5000 });
    const digits: string[] = [];
    call.onDtmf((digit) => digits.push(digit));
    expect(await call.ended).toEqual({ by: 'remote' });
    expect(digits).toEqual(['1']);
    expect((await sipp.exited).code).toBe(0);
    expect(caller.counts().dialogs).toBe(0);
  });

  it('given a busy phone (486), the call fails as busy and sipp receives the ACK', async () => {
    sipp = await startSipp({ scenario: 'uas-busy.xml' });
    const caller = await agent();
    const failure = await failureOf(caller.call({ to: `sip:member@127.0.0.1:${sipp.port}`, sdp: OFFER, ringTimeoutMs: 5000 }));
    expect(failure).toMatchObject({ kind: 'busy', status: 486 });
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a phone that rings and is never picked up, the ring timeout sends CANCEL and the call fails as no_answer', async () => {
    sipp = await startSipp({ scenario: 'uas-no-answer.xml' });
    const caller = await agent();
    const failure = await failureOf(caller.call({ to: `sip:member@127.0.0.1:${sipp.port}`, sdp: OFFER, ringTimeoutMs: 300 }));
    expect(failure.kind).toBe('no_answer');
    // sipp's scenario only completes when it received the CANCEL and the ACK of its 487.
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a ringing call whose AbortSignal fires, the call is cancelled with CANCEL', async () => {
    sipp = await startSipp({ scenario: 'uas-no-answer.xml' });
    const caller = await agent();
    const controller = new AbortController();
    const pending = caller.call({ to: `sip:member@127.0.0.1:${sipp.port}`, sdp: OFFER, ringTimeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    expect((await failureOf(pending)).kind).toBe('cancelled');
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a trunk that challenges the INVITE with MD5 digest, the call succeeds with the right password', async () => {
    sipp = await startSipp({ scenario: 'uas-auth-md5.xml' });
    const caller = await agent({ port: sipp.port, password: 's3cret-Pw' });
    const call = await caller.call({ to: '+32470123456', sdp: OFFER, ringTimeoutMs: 5000 });
    expect(call.remoteSdp).toContain('PCMA');
    await call.hangup();
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a trunk that challenges again after our credentials, the call fails as auth_failed', async () => {
    sipp = await startSipp({ scenario: 'uas-auth-md5.xml' });
    const caller = await agent({ port: sipp.port, password: 'wrong' });
    const failure = await failureOf(caller.call({ to: '+32470123456', sdp: OFFER, ringTimeoutMs: 5000 }));
    expect(failure).toMatchObject({ kind: 'auth_failed', status: 401 });
  });

  it('given a proxy that challenges with 407 and SHA-256, the INVITE is retried with a correct RFC 8760 digest', async () => {
    const logFile = join(tmpdir(), `waakzaam-sipp-sha256-${process.pid}-${Date.now()}.log`);
    sipp = await startSipp({ scenario: 'uas-auth-sha256.xml', extraArgs: ['-trace_logs', '-log_file', logFile] });
    const caller = await agent({ port: sipp.port, password: 's3cret-Pw' });
    const call = await caller.call({ to: '+32470123456', sdp: OFFER, ringTimeoutMs: 5000 });
    await call.hangup();
    expect((await sipp.exited).code).toBe(0);
    // sipp cannot verify SHA-256 itself: recompute the response from what it logged.
    const logged = (await readFile(logFile, 'utf8')).split('\n').find((line) => line.includes('Proxy-Authorization:'))!;
    await rm(logFile, { force: true });
    const { params } = parseAuthParams(logged.slice(logged.indexOf('Digest')))!;
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const ha1 = sha(`alice:trunk.test:s3cret-Pw`);
    const ha2 = sha(`INVITE:${params.uri}`);
    expect(params.response).toBe(sha(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`));
    expect(params).toMatchObject({ algorithm: 'SHA-256', realm: 'trunk.test', opaque: 'op4que', qop: 'auth', uri: 'sip:+32470123456@trunk.test;user=phone' });
  });

  it('given a registrar that challenges, registration succeeds, is refreshed with credentials, and is removed on close', async () => {
    sipp = await startSipp({ scenario: 'registrar.xml' });
    const registering = await agent({ port: sipp.port, password: 's3cret-Pw' });
    const states: string[] = [];
    registering.registration.onChange((state) => states.push(state.state));
    await registering.register();
    expect(registering.registration.state).toBe('registered');
    // The registrar grants 2 s: a refresh follows after 1 s.
    await new Promise<void>((resolve) => registering.registration.onChange((state) => state.state === 'registered' && resolve()));
    await registering.close();
    ua = undefined;
    expect(states).toEqual(['registering', 'registered', 'registered', 'unregistered']);
    expect((await sipp.exited).code).toBe(0);
  });

  it('given a registrar that refuses the credentials, register() fails as auth_failed and the state says failed', async () => {
    sipp = await startSipp({ scenario: 'registrar.xml' });
    const registering = await agent({ port: sipp.port, password: 'wrong' });
    await expect(registering.register()).rejects.toMatchObject({ kind: 'auth_failed', status: 401 });
    expect(registering.registration.state).toBe('failed');
  });

  it('given sipp calling us, the incoming call is answered and ends when sipp hangs up', async () => {
    const callee = await agent();
    const ended = new Promise<unknown>((resolve) =>
      callee.onIncomingCall((incoming) => {
        expect(incoming.remoteSdp).toContain('m=audio');
        void incoming.answer(OFFER).then((call) => resolve(call.ended));
      }),
    );
    sipp = await startSipp({ scenario: 'sn:uac', extraArgs: [`127.0.0.1:${callee.local.port}`, '-d', '100'] });
    expect(await ended).toEqual({ by: 'remote' });
    expect((await sipp.exited).code).toBe(0);
  });
});
