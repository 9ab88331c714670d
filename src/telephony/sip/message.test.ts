import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNameAddr, formatUri, parseCSeq, parseNameAddr, parseUri, parseVia, targetUri } from './address.ts';
import { type SipRequest, canAnswerBadRequest, createResponse, essentials, header, headerValues, parseMessage, serializeMessage } from './message.ts';

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

// RFC 3261 §7 / RFC 4475 style INVITE with compact forms, folding and several Via values in one line.
const INVITE = crlf([
  'INVITE sip:+32470123456@trunk.example.be;user=phone SIP/2.0',
  'v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKold',
  'Max-Forwards: 70',
  'f: "BIN Brugge, Centrum" <sip:+3250123456@trunk.example.be>;tag=1928301774',
  't: <sip:+32470123456@trunk.example.be;user=phone>',
  'i: a84b4c76e66710@pc33.example.be',
  'CSeq: 314159 INVITE',
  'm: <sip:waakzaam@192.0.2.10:5060>',
  'Subject: first line',
  '  continued on a folded line',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\nextra bytes after the body',
]);

describe('SIP message parsing', () => {
  it('given an INVITE with compact forms, folding and a Via list, every header comes out in its long form', () => {
    const parsed = parseMessage(INVITE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const message = parsed.message as SipRequest;
    expect(message).toMatchObject({ type: 'request', method: 'INVITE', uri: 'sip:+32470123456@trunk.example.be;user=phone' });
    expect(headerValues(message, 'Via')).toHaveLength(2);
    expect(header(message, 'Subject')).toBe('first line continued on a folded line');
    // RFC 3261 §18.3: bytes beyond Content-Length are not part of the body.
    expect(message.body.toString()).toBe('v=0\r');
    const e = essentials(message);
    expect(e.via[0]).toMatchObject({ transport: 'UDP', host: '192.0.2.10', port: 5060, params: { branch: 'z9hG4bK776asdhds', rport: null } });
    expect(e.from).toMatchObject({ displayName: 'BIN Brugge, Centrum', params: { tag: '1928301774' } });
    expect(e.to.uri).toMatchObject({ user: '+32470123456', host: 'trunk.example.be', params: { user: 'phone' } });
    expect(e.cseq).toEqual({ seq: 314159, method: 'INVITE' });
    expect(e.callId).toBe('a84b4c76e66710@pc33.example.be');
  });

  it('given a parsed message, serializing and parsing again gives the same message with a correct Content-Length', () => {
    const first = parseMessage(INVITE);
    if (!first.ok) throw new Error('fixture does not parse');
    const bytes = serializeMessage(first.message);
    expect(bytes.toString()).toContain('Content-Length: 4\r\n\r\nv=0\r');
    const second = parseMessage(bytes);
    expect(second.ok && second.message).toEqual(first.message);
  });

  it('given a response with bare LF line ends and no Content-Length, the rest of the datagram is the body', () => {
    const parsed = parseMessage(Buffer.from('SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@h>;tag=1\nTo: <sip:b@h>;tag=2\nCall-ID: x\nCSeq: 1 INVITE\n\nhello'));
    expect(parsed.ok && parsed.message).toMatchObject({ type: 'response', status: 180, reason: 'Ringing' });
    expect(parsed.ok && parsed.message.body.toString()).toBe('hello');
  });

  it('given a datagram shorter than its Content-Length, parsing fails with a typed error and keeps the request to answer 400', () => {
    const bytes = Buffer.from(INVITE.toString().replace('l: 4', 'l: 400'));
    const parsed = parseMessage(bytes);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe('sip.content_length');
    expect(parsed.error.partial && canAnswerBadRequest(parsed.error.partial)).toBe(true);
    const answer = createResponse(parsed.error.partial!, 400);
    expect(serializeMessage(answer).toString()).toMatch(/^SIP\/2\.0 400 Bad Request\r\nVia: SIP\/2\.0\/UDP 192\.0\.2\.10:5060;branch=z9hG4bK776asdhds;rport\r\n/);
  });

  it.each([
    ['an empty datagram', 'sip.empty', '\r\n\r\n'],
    ['an HTTP request', 'sip.start_line', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a missing Call-ID', 'sip.missing_header', 'OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCSeq: 1 OPTIONS\r\n\r\n'],
    ['a CSeq of another method', 'sip.cseq_method', 'OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n'],
    ['a From without URI', 'sip.bad_header', 'OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: nobody\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n'],
    ['a header line without colon', 'sip.header_syntax', 'OPTIONS sip:h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\ngarbage line\r\n\r\n'],
  ])('given %s, parsing returns %s', (_what, code, text) => {
    const parsed = parseMessage(Buffer.from(text));
    expect(parsed.ok ? 'accepted' : parsed.error.code).toBe(code);
  });
});

describe('SIP addresses', () => {
  it('given an E.164 target, it becomes a user=phone SIP URI of the trunk domain', () => {
    expect(formatUri(targetUri('+32470123456', 'trunk.example.be')!)).toBe('sip:+32470123456@trunk.example.be;user=phone');
    expect(targetUri('0470123456', 'trunk.example.be')).toBeUndefined();
  });

  it('given URIs with password, IPv6, parameters and headers, they parse and format back', () => {
    expect(parseUri('sips:alice:pw@[2001:db8::1]:5061;transport=tcp?subject=hi%20there')).toMatchObject({
      scheme: 'sips', user: 'alice', password: 'pw', host: '2001:db8::1', port: 5061, params: { transport: 'tcp' }, headers: { subject: 'hi there' },
    });
    expect(formatUri(parseUri('sip:+32470123456@10.0.0.1:5080;user=phone')!)).toBe('sip:+32470123456@10.0.0.1:5080;user=phone');
    expect(parseUri('tel:+32470123456')).toMatchObject({ scheme: 'tel', host: '+32470123456' });
    expect(parseUri('sip:@host')).toBeUndefined();
    expect(parseUri('http://example.be')).toBeUndefined();
    expect(parseUri('sip:host:99999')).toBeUndefined();
  });

  it('given an addr-spec without brackets, the tag belongs to the header and not to the URI', () => {
    const value = parseNameAddr('sip:alice@example.be;tag=88sja8x')!;
    expect(value.params).toEqual({ tag: '88sja8x' });
    expect(value.uri.params).toEqual({});
    expect(formatNameAddr({ displayName: 'Zone "Brugge"', uri: value.uri, params: value.params })).toBe('"Zone \\"Brugge\\"" <sip:alice@example.be>;tag=88sja8x');
  });

  it('given Via and CSeq values, their parts come out and bad ones are refused', () => {
    expect(parseVia('SIP / 2.0 / UDP [::1]:5070 ;branch=z9hG4bKx;received=192.0.2.1')).toMatchObject({ protocol: 'SIP/2.0', host: '::1', port: 5070, params: { received: '192.0.2.1' } });
    expect(parseVia('SIP/2.0/UDP')).toBeUndefined();
    expect(parseCSeq('4294967296 INVITE')).toBeUndefined();
    expect(parseCSeq('12 BYE')).toEqual({ seq: 12, method: 'BYE' });
  });
});

describe('SIP parser fuzzing', () => {
  it('given random bytes, the parser never fails other than with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const parsed = parseMessage(Buffer.from(bytes));
        // The parser's last-resort catch must never be what stopped it: every refusal is a typed one.
        expect(parsed.ok || !parsed.error.detail.startsWith('unexpected parser failure')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('given mutations of a valid INVITE, the parser never fails other than with a typed error, and what it accepts round-trips', () => {
    const valid = INVITE.toString('latin1');
    const mutation = fc.oneof(
      // Replace a slice with random text (often CR, LF, colons, quotes, brackets).
      fc.record({ at: fc.nat(valid.length), length: fc.nat(20), text: fc.string({ unit: fc.constantFrom('\r', '\n', ':', ';', ',', '"', '<', '>', '@', ' ', '\t', 'a', '9', '=', '\\', '\u00e9') , maxLength: 12 }) }),
      // Truncate.
      fc.record({ at: fc.nat(valid.length), length: fc.constant(valid.length), text: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = valid;
        for (const m of mutations) text = text.slice(0, m.at) + m.text + text.slice(m.at + m.length);
        const parsed = parseMessage(Buffer.from(text, 'latin1'));
        if (!parsed.ok) {
          expect(parsed.error.detail).not.toMatch(/^unexpected parser failure/);
          // Whatever is kept to answer 400 must itself be answerable without throwing.
          if (parsed.error.partial && canAnswerBadRequest(parsed.error.partial)) serializeMessage(createResponse(parsed.error.partial, 400));
          return;
        }
        essentials(parsed.message);
        const again = parseMessage(serializeMessage(parsed.message));
        const withoutLength = (headers: { name: string }[]) => headers.filter((h) => h.name !== 'Content-Length');
        expect(again.ok && withoutLength(again.message.headers)).toEqual(withoutLength(parsed.message.headers));
      }),
      { numRuns: 3000 },
    );
  });
});
