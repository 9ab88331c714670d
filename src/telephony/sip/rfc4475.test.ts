import { type Socket, createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RFC4475_INVALID_MESSAGES } from '../../../test/telephony/rfc4475-invalid-messages.ts';
import { RFC4475_MESSAGES } from '../../../test/telephony/rfc4475-messages.ts';
import { parseMessage } from './message.ts';
import { type UserAgent, createUserAgent } from './user-agent.ts';

/**
 * Every message of RFC 4475 §3: what the parser says (`accepted` or its error code) and what a
 * user agent on loopback answers — the final status, or `none` where nothing can be answered
 * (responses are never answered). The calls that reach the call handler are refused 486 by it,
 * which shows they got through.
 */
const CASES: [name: string, verdict: string, answer: number | 'none', header?: [string, string]][] = [
  // §3.1.1 valid messages
  // Its To carries a tag: a request within a dialog we do not have (RFC 3261 §12.2.2).
  ['wsinv', 'accepted', 481],
  ['intmeth', 'accepted', 501],
  ['esc01', 'accepted', 486],
  ['escnull', 'accepted', 405],
  ['esc02', 'accepted', 501],
  ['lwsdisp', 'accepted', 200],
  ['longreq', 'accepted', 486],
  ['dblreq', 'accepted', 405],
  ['semiuri', 'accepted', 200],
  ['transports', 'accepted', 200],
  ['mpart01', 'accepted', 405],
  ['unreason', 'accepted', 'none'],
  ['noreason', 'accepted', 'none'],
  // §3.1.2 invalid messages
  ['badinv01', 'sip.bad_header', 400],
  ['clerr', 'sip.content_length', 400],
  ['ncl', 'sip.content_length', 400],
  ['scalar02', 'sip.bad_header', 400],
  ['scalarlg', 'sip.bad_header', 'none'],
  ['quotbal', 'sip.bad_header', 400],
  ['ltgtruri', 'accepted', 400],
  ['lwsruri', 'sip.start_line', 400],
  ['lwsstart', 'sip.start_line', 400],
  ['trws', 'sip.start_line', 400],
  ['escruri', 'accepted', 400],
  ['baddate', 'accepted', 486],
  ['regbadct', 'accepted', 405],
  ['badaspec', 'sip.bad_header', 400],
  ['baddn', 'sip.bad_header', 400],
  ['badvers', 'sip.version', 505],
  ['mismatch01', 'sip.cseq_method', 400],
  ['mismatch02', 'sip.cseq_method', 501],
  ['bigcode', 'sip.start_line', 'none'],
  // §3.2 transaction layer
  ['badbranch', 'accepted', 200],
  // §3.3 application layer
  ['insuf', 'sip.missing_header', 400],
  ['unkscm', 'accepted', 416],
  ['novelsc', 'accepted', 416],
  ['unksm2', 'sip.bad_header', 400],
  ['bext01', 'accepted', 420, ['Unsupported', 'nothingSupportsThis']],
  ['invut', 'accepted', 415, ['Accept', 'application/sdp']],
  ['regaut01', 'accepted', 405],
  ['multi01', 'sip.duplicate_header', 400],
  ['mcl01', 'sip.duplicate_header', 400],
  ['bcast', 'accepted', 'none'],
  ['zeromf', 'accepted', 200],
  ['cparam01', 'accepted', 405],
  ['cparam02', 'accepted', 405],
  ['regescrt', 'accepted', 405],
  ['sdp01', 'accepted', 406],
  // §3.4 backward compatibility
  ['inv2543', 'accepted', 486],
];

const ALL = { ...RFC4475_MESSAGES, ...RFC4475_INVALID_MESSAGES };

// The top Via's host (as the RFC wrote it, folding included) becomes the probe's address, so the
// answer comes back to the test instead of to a documentation address.
const TOP_VIA_HOST = /^((?:via|v)[ \t]*:\s*SIP\s*\/\s*[\d.]+\s*\/\s*\w+\s+)([^;\s,]+)/im;

let ua: UserAgent;
/** Answers as they came: an answer to a broken request echoes its broken headers, so it is read by hand. */
type Answered = { status: number; callId: string | undefined; text: string };
const responses: Answered[] = [];
const headerOf = (text: string, name: string) => new RegExp(`^${name}[ \\t]*:[ \\t]*(.*?)\\r?$`, 'im').exec(text.split('\r\n\r\n')[0]!)?.[1];

beforeAll(async () => {
  ua = await createUserAgent({ bind: { host: '127.0.0.1', port: 0 }, timers: { t1: 100, t2: 400, t4: 500, timerD: 500 } });
  ua.onIncomingCall((call) => call.reject(486));
});

afterAll(() => ua.close());

/**
 * A socket of its own per message: many of the RFC's messages share a branch
 * (z9hG4bKkdjuw), so from one address they would be retransmissions of each other.
 */
async function probeSocket(): Promise<Socket> {
  const probe = createSocket('udp4');
  await new Promise<void>((done) => probe.bind(0, '127.0.0.1', done));
  probe.on('message', (data) => {
    const text = data.toString('utf8');
    const status = /^SIP\/2\.0 (\d{3}) /.exec(text)?.[1];
    if (status) responses.push({ status: Number(status), callId: headerOf(text, 'Call-ID'), text });
  });
  return probe;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

function sentinel(probe: Socket, name: string): Buffer {
  const { port } = probe.address();
  return Buffer.from(
    `OPTIONS sip:ua@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKsentinel${name}\r\nFrom: <sip:probe@127.0.0.1>;tag=s\r\n` +
      `To: <sip:ua@127.0.0.1>\r\nCall-ID: sentinel-${name}@probe\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  );
}

describe('the RFC 4475 torture messages', () => {
  it('every message of section 3 is in the table, and only those', () => {
    expect(CASES.map(([name]) => name).sort()).toEqual(Object.keys(ALL).sort());
  });

  it.each(CASES)('given %s, the parser says %s and the user agent answers %s', async (name, verdict, answer, expectedHeader) => {
    const bytes = ALL[name]!.bytes;
    const probe = await probeSocket();
    const parsed = parseMessage(bytes);
    expect(parsed.ok ? 'accepted' : parsed.error.code).toBe(verdict);

    const text = bytes.toString('latin1');
    // Answers to this message carry its (first) Call-ID, or none (insuf); earlier INVITEs' retransmitted answers do not.
    const callId = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im.exec(text)?.[1];
    const ours = (response: Answered) => response.status >= 200 && response.callId === callId;
    const routed = Buffer.from(text.replace(TOP_VIA_HOST, (_all, prefix: string) => `${prefix}127.0.0.1:${probe.address().port}`), 'latin1');
    responses.length = 0;
    probe.send(routed, ua.local.port, '127.0.0.1');
    probe.send(sentinel(probe, name), ua.local.port, '127.0.0.1');
    await until(() => responses.some((response) => response.callId === `sentinel-${name}@probe`));
    // An INVITE's final answer follows its 100 Trying; everything for it is in before the sentinel's.
    await until(() => answer === 'none' || responses.some(ours));
    const finals = responses.filter(ours);
    // Retransmissions of the same final (Timer G) count once.
    expect([...new Set(finals.map((response) => response.status))]).toEqual(answer === 'none' ? [] : [answer]);
    if (expectedHeader) expect(headerOf(finals[0]!.text, expectedHeader[0])).toContain(expectedHeader[1]);
    await new Promise<void>((done) => probe.close(() => done()));
  });
});
