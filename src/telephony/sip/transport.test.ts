import { describe, expect, it } from 'vitest';
import { parseVia } from './address.ts';
import { type SipRequest, headerValues, parseMessage } from './message.ts';
import { createTimerQueue } from './timers.ts';
import { createSourceFilter, responseDestination, stampReceived } from './transport.ts';

describe('UDP transport helpers', () => {
  it('given allowed IPs and CIDRs, only those sources pass, IPv4-mapped IPv6 included', () => {
    const allowed = createSourceFilter(['192.0.2.10', '198.51.100.0/24', '2001:db8::/32'])!;
    expect(['192.0.2.10', '198.51.100.77', '::ffff:198.51.100.1', '2001:db8::5'].map(allowed)).toEqual([true, true, true, true]);
    expect(['192.0.2.11', '203.0.113.5', '2001:db9::1'].map(allowed)).toEqual([false, false, false]);
    expect(createSourceFilter(undefined)).toBeUndefined();
    expect(() => createSourceFilter(['trunk.example.be'])).toThrow(/allowedSources/);
  });

  it('given a request through NAT asking for rport, the top Via records the real source and the response goes back there (RFC 3581)', () => {
    const parsed = parseMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK0\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n'));
    const request = (parsed as { ok: true; message: SipRequest }).message;
    stampReceived(request, { host: '203.0.113.9', port: 40123 });
    const top = parseVia(headerValues(request, 'Via')[0]!)!;
    expect(top.params).toMatchObject({ received: '203.0.113.9', rport: '40123' });
    expect(responseDestination(top)).toEqual({ host: '203.0.113.9', port: 40123 });
    expect(headerValues(request, 'Via')[1]).toBe('SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK0');
    expect(responseDestination(parseVia('SIP/2.0/UDP pbx.example.be;branch=z9hG4bK2')!)).toEqual({ host: 'pbx.example.be', port: 5060 });
  });
});

describe('the timer queue', () => {
  it('given timers scheduled out of order and some cancelled, the rest fire once each in deadline order', async () => {
    const timers = createTimerQueue();
    const fired: number[] = [];
    const handles = [30, 10, 20, 10, 0, 40].map((delay, i) => timers.after(delay, () => fired.push(i)));
    handles[2]!.cancel();
    await new Promise<void>((resolve) => timers.after(60, resolve));
    expect(fired).toEqual([4, 1, 3, 0, 5]);
    expect(timers.pending()).toBe(0);
    timers.close();
  });

  it('given a thousand timers, all fire and a callback that throws does not stop the others', async () => {
    const timers = createTimerQueue();
    let count = 0;
    for (let i = 0; i < 1000; i++) timers.after(i % 50, () => {
      count++;
      if (i === 3) throw new Error('boom');
    });
    await new Promise<void>((resolve) => timers.after(80, resolve));
    expect(count).toBe(1000);
    timers.close();
  });
});
