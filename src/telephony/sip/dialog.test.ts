import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { answerSdp, createInDialogRequest, dialogFromResponse, dtmfFromInfo } from './dialog.ts';
import { type SipMessage, type SipRequest, type SipResponse, essentials, header, parseMessage } from './message.ts';
import { type EstablishedCall, createUserAgent } from './user-agent.ts';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('dialog state', () => {
  const invite = parseMessage(Buffer.from(crlf([
    'INVITE sip:+32470123456@trunk.test;user=phone SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1',
    'From: <sip:+3250123456@trunk.test>;tag=ours',
    'To: <sip:+32470123456@trunk.test;user=phone>',
    'Call-ID: c1@192.0.2.10',
    'CSeq: 7 INVITE',
    'Contact: <sip:waakzaam@192.0.2.10:5060>',
    '',
  ]))) as { ok: true; message: SipRequest };
  const ok = parseMessage(Buffer.from(crlf([
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa1',
    'Record-Route: <sip:p2.trunk.test;lr>, <sip:p1.trunk.test:5070;lr>',
    'From: <sip:+3250123456@trunk.test>;tag=ours',
    'To: <sip:+32470123456@trunk.test;user=phone>;tag=theirs',
    'Call-ID: c1@192.0.2.10',
    'CSeq: 7 INVITE',
    'Contact: <sip:phone@198.51.100.7:5062>',
    '',
  ]))) as { ok: true; message: SipResponse };

  it('given a 2xx with Record-Route, the caller dialog reverses the route set and in-dialog requests go to the first loose router', () => {
    const dialog = dialogFromResponse(invite.message, ok.message)!;
    expect(dialog).toMatchObject({ callId: 'c1@192.0.2.10', localTag: 'ours', remoteTag: 'theirs', localSeq: 7, remoteTarget: 'sip:phone@198.51.100.7:5062' });
    expect(dialog.routeSet).toEqual(['<sip:p1.trunk.test:5070;lr>', '<sip:p2.trunk.test;lr>']);
    const bye = createInDialogRequest(dialog, 'BYE', { via: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKb2', contact: '<sip:waakzaam@192.0.2.10>' })!;
    expect(bye.request.uri).toBe('sip:phone@198.51.100.7:5062');
    expect(bye.destination).toEqual({ host: 'p1.trunk.test', port: 5070 });
    expect(essentials(bye.request).cseq).toEqual({ seq: 8, method: 'BYE' });
    expect(header(bye.request, 'To')).toBe('<sip:+32470123456@trunk.test;user=phone>;tag=theirs');
  });

  it.each([
    ['application/dtmf-relay', 'Signal=1\r\nDuration=160\r\n', '1'],
    ['application/dtmf-relay', 'Signal= #\r\nDuration=100', '#'],
    ['application/dtmf-relay', 'Signal=11\r\n', '#'],
    ['application/dtmf', '5', '5'],
    ['application/dtmf', '10', '*'],
    ['application/dtmf', 'x', undefined],
    ['text/plain', 'Signal=1', undefined],
  ])('given an INFO of %s with %j, the digit is %s', (type, body, digit) => {
    expect(dtmfFromInfo(type, Buffer.from(body))).toBe(digit);
  });
});

let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of close) await step();
  close = [];
});

/** Our agent as callee, and a raw UDP peer that writes the caller's requests by hand. */
async function rawCaller(t1: number) {
  const ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, timers: { t1 } });
  const peer = createSocket('udp4');
  await new Promise<void>((done) => peer.bind(0, '127.0.0.1', done));
  close.push(() => ua.close(), () => new Promise<void>((done) => peer.close(() => done())));
  const inbox: SipMessage[] = [];
  peer.on('message', (data) => {
    const parsed = parseMessage(data);
    if (parsed.ok) inbox.push(parsed.message);
  });
  const next = async (status: number, method: string) => {
    for (;;) {
      const found = inbox.findIndex((m) => m.type === 'response' && m.status === status && essentials(m).cseq.method === method);
      if (found >= 0) return inbox.splice(found, 1)[0] as SipResponse;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const peerPort = peer.address().port;
  let calleeTag = '';
  const send = (method: string, seq: number, branch: string, extra: string[] = [], body = '') =>
    peer.send(Buffer.from(crlf([
      `${method} sip:ua@127.0.0.1:${ua.local.port} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${peerPort};branch=z9hG4bK${branch};rport`,
      'From: <sip:caller@127.0.0.1>;tag=caller1',
      `To: <sip:ua@127.0.0.1>${calleeTag ? `;tag=${calleeTag}` : ''}`,
      'Call-ID: raw-call-1',
      `CSeq: ${seq} ${method}`,
      `Contact: <sip:caller@127.0.0.1:${peerPort}>`,
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
    ]) + body), ua.local.port, '127.0.0.1');
  const setCalleeTag = (tag: string) => (calleeTag = tag);
  const requests = () => inbox.filter((m): m is SipRequest => m.type === 'request');
  return { ua, next, send, setCalleeTag, requests };
}

describe('an established call, driven by a raw SIP peer', () => {
  it('given a re-INVITE, INFO and BYE from the caller, the callee keeps its media, surfaces the digit and ends by the remote', async () => {
    const { ua, next, send, setCalleeTag } = await rawCaller(100);
    const answerSdp = 'v=0\r\no=ua 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\n';
    const established = new Promise<EstablishedCall>((resolve) => ua.onIncomingCall((incoming) => void incoming.answer(answerSdp).then(resolve)));
    send('INVITE', 1, 'i1', ['Content-Type: application/sdp'], 'v=0\r\nm=audio 42000 RTP/AVP 0\r\n');
    const ok = await next(200, 'INVITE');
    setCalleeTag(essentials(ok).to.params.tag!);
    send('ACK', 1, 'a1');
    const call = await established;
    const digits: string[] = [];
    call.onDtmf((digit) => digits.push(digit));

    send('INVITE', 2, 'i2', ['Content-Type: application/sdp'], 'v=0\r\nm=audio 42002 RTP/AVP 0\r\n');
    const reinviteOk = await next(200, 'INVITE');
    send('ACK', 2, 'a2');
    expect(reinviteOk.body.toString()).toBe(answerSdp);
    expect(call.remoteSdp).toContain('m=audio 42002');

    send('INFO', 3, 'n3', ['Content-Type: application/dtmf'], '7');
    await next(200, 'INFO');
    // §12.2.2: a request with an old CSeq is refused.
    send('INFO', 2, 'n4', ['Content-Type: application/dtmf'], '8');
    await next(500, 'INFO');
    send('BYE', 4, 'b4');
    await next(200, 'BYE');
    expect(await call.ended).toEqual({ by: 'remote' });
    expect(digits).toEqual(['7']);
    send('BYE', 5, 'b5');
    await next(481, 'BYE');
  });

  it('given INFO digits that arrive before the ACK, the first listener receives them in order', async () => {
    const { ua, next, send, setCalleeTag } = await rawCaller(100);
    const established = new Promise<EstablishedCall>((resolve) => ua.onIncomingCall((incoming) => void incoming.answer('v=0\r\n').then(resolve)));
    send('INVITE', 1, 'i1', ['Content-Type: application/sdp'], 'v=0\r\n');
    setCalleeTag(essentials(await next(200, 'INVITE')).to.params.tag!);
    // A caller typing ahead over a path that reorders: the keys overtake the ACK.
    send('INFO', 2, 'n2', ['Content-Type: application/dtmf-relay'], 'Signal=4\r\nDuration=160\r\n');
    await next(200, 'INFO');
    send('INFO', 3, 'n3', ['Content-Type: application/dtmf'], '#');
    await next(200, 'INFO');
    send('ACK', 1, 'a1');
    const call = await established;
    const digits: string[] = [];
    call.onDtmf((digit) => digits.push(digit));
    expect(digits).toEqual(['4', '#']);
    send('INFO', 4, 'n4', ['Content-Type: application/dtmf'], '9');
    await next(200, 'INFO');
    expect(digits).toEqual(['4', '#', '9']);
    send('BYE', 5, 'b5');
    await next(200, 'BYE');
  });

  it('given a caller that never ACKs our 200, answering fails and the call is ended with a BYE (RFC 3261 §13.3.1.4)', async () => {
    const { ua, next, send, setCalleeTag, requests } = await rawCaller(10);
    const answered = new Promise<unknown>((resolve) => ua.onIncomingCall((incoming) => void incoming.answer('v=0\r\n').then(resolve, resolve)));
    send('INVITE', 1, 'i1', ['Content-Type: application/sdp'], 'v=0\r\n');
    setCalleeTag(essentials(await next(200, 'INVITE')).to.params.tag!);
    expect(await answered).toMatchObject({ kind: 'unreachable' });
    while (!requests().some((request) => request.method === 'BYE')) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(essentials(requests().find((request) => request.method === 'BYE')!).callId).toBe('raw-call-1');
  });
});

describe('the answer to a re-INVITE (RFC 3264 §8.4)', () => {
  const ours = ['v=0', 'o=waakzaam 77 3 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 20000 RTP/AVP 8 101', 'a=rtpmap:8 PCMA/8000', 'a=sendrecv', ''].join('\r\n');
  const offer = (direction?: string) =>
    ['v=0', 'o=phone 1 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 30000 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000', ...(direction ? [`a=${direction}`] : []), ''].join('\r\n');

  it.each([
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
    ['sendrecv', 'sendrecv'],
  ])('given an offer with a=%s (hold, resume), the answer says a=%s and only once', (offered, answered) => {
    const answer = answerSdp(offer(offered), ours, ours);
    expect(answer.match(/^a=(sendrecv|sendonly|recvonly|inactive)/gm)).toEqual([`a=${answered}`]);
  });

  it('given a hold and then a resume, the o= version goes up each time the answer changes and stays when it does not', () => {
    const held = answerSdp(offer('sendonly'), ours, ours);
    expect(held).toContain('o=waakzaam 77 4 IN IP4');
    expect(answerSdp(offer('sendonly'), ours, held)).toBe(held);
    const resumed = answerSdp(offer(), ours, held);
    expect(resumed).toContain('a=sendrecv');
    expect(resumed).toContain('o=waakzaam 77 5 IN IP4');
  });
});
