import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type SipRequest, createResponse, essentials, header, parseMessage, serializeMessage } from './message.ts';
import { type RegistrationState, createUserAgent } from './user-agent.ts';

let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of close) await step();
  close = [];
});

describe('registration with a trunk', () => {
  it('given a registrar that stays silent at first, register() fails as unreachable and the backoff retry registers', async () => {
    // A registrar that ignores the first REGISTER transaction (CSeq 1) and accepts the next ones.
    const registrar = createSocket('udp4');
    await new Promise<void>((done) => registrar.bind(0, '127.0.0.1', done));
    const seen: SipRequest[] = [];
    registrar.on('message', (data, rinfo) => {
      const parsed = parseMessage(data);
      if (!parsed.ok || parsed.message.type !== 'request') return;
      const request = parsed.message;
      seen.push(request);
      if (essentials(request).cseq.seq === 1) return;
      const ok = createResponse(request, 200, { toTag: 'reg', headers: [{ name: 'Contact', value: `${header(request, 'Contact')};expires=${header(request, 'Expires')}` }] });
      registrar.send(serializeMessage(ok), rinfo.port, rinfo.address);
    });
    const ua = await createUserAgent({
      bind: { host: '127.0.0.1', port: 0 },
      trunk: { proxy: `127.0.0.1:${registrar.address().port}`, domain: 'trunk.test', username: 'alice', callerId: '+3250123456', registerExpiresSeconds: 300 },
      timers: { t1: 10, registerBackoffMs: 50 },
    });
    close.push(() => ua.close(), () => new Promise<void>((done) => registrar.close(() => done())));
    const states: RegistrationState[] = [];
    ua.registration.onChange((state) => states.push(state));

    await expect(ua.register()).rejects.toMatchObject({ kind: 'unreachable' });
    expect(ua.registration.state).toBe('failed');
    await new Promise<void>((resolve) => ua.registration.onChange((state) => state.state === 'registered' && resolve()));

    expect(states.map((state) => state.state)).toEqual(['registering', 'failed', 'registering', 'registered']);
    expect(ua.registration.expiresAt).toBeGreaterThan(Date.now() + 200_000);
    const register = seen.at(-1)!;
    expect(register.uri).toBe('sip:trunk.test');
    expect(header(register, 'To')).toBe('<sip:alice@trunk.test>');
    expect(header(register, 'Contact')).toBe(`<sip:alice@127.0.0.1:${ua.local.port}>`);
    // The retry is a new transaction of the same registration: same Call-ID, higher CSeq (RFC 3261 §10.2).
    expect(new Set(seen.map((request) => essentials(request).callId)).size).toBe(1);
    expect(essentials(register).cseq.seq).toBeGreaterThan(1);
  });
});
