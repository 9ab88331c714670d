/**
 * SIP messages (RFC 3261 §7, §20): parse bytes from the network into requests and responses, and
 * serialize them back. The parser faces strangers, so it never throws: malformed input comes back as
 * a typed `SipParseError`, with the partial request when there is enough of one to answer 400.
 */
import { type CSeq, type NameAddr, type Via, parseCSeq, parseNameAddr, parseVia, splitOutside } from './address.ts';

export type SipHeader = { name: string; value: string };

export type SipRequest = { type: 'request'; method: string; uri: string; headers: SipHeader[]; body: Buffer };
export type SipResponse = { type: 'response'; status: number; reason: string; headers: SipHeader[]; body: Buffer };
export type SipMessage = SipRequest | SipResponse;

export const SIP_PARSE_ERRORS = [
  'empty', 'start_line', 'version', 'header_syntax', 'duplicate_header', 'missing_header', 'bad_header', 'cseq_method', 'content_length', 'too_large',
] as const;
export type SipParseErrorCode = (typeof SIP_PARSE_ERRORS)[number];

export type SipParseError = {
  code: `sip.${SipParseErrorCode}`;
  detail: string;
  /** Present when the start line was a request line and the headers could be split. */
  partial?: SipRequest;
};

export type ParseResult = { ok: true; message: SipMessage } | { ok: false; error: SipParseError };

// RFC 3261 §20 and §25.1: header fields that take one value; a second one is a malformed message
// (RFC 4475 §3.3.8 multi01, §3.3.9 mcl01).
const SINGLE_VALUE_HEADERS = ['Call-ID', 'CSeq', 'From', 'To', 'Max-Forwards', 'Content-Length', 'Content-Type'];

const TOKEN = "[A-Za-z0-9\\-.!%*_+`'~]+";
// RFC 3261 §7.1: Method SP Request-URI SP SIP-Version, one space each, no other whitespace.
const REQUEST_LINE = new RegExp(`^(${TOKEN}) ([^ \\t]+) SIP/(\\d+\\.\\d+)$`);
// What still looks like a request line (extra or trailing spaces, LWS in the URI: RFC 4475
// §3.1.2.8–10): enough to answer 400 instead of silence.
const LOOSE_REQUEST_LINE = new RegExp(`^(${TOKEN})[ \\t]+(.*?)[ \\t]*SIP/\\d+\\.\\d+[ \\t]*$`);
// RFC 3261 §7.2: Status-Code is exactly three digits (RFC 4475 §3.1.2.19: 4294967301 is not 429).
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/;

/** The structured values every valid message carries (RFC 3261 §8.1.1). */
export type MessageEssentials = { via: Via[]; from: NameAddr; to: NameAddr; callId: string; cseq: CSeq };

const MAX_MESSAGE_BYTES = 65_535;

// RFC 3261 §7.3.3 and the IANA registry: compact forms.
const COMPACT: Record<string, string> = {
  i: 'call-id', m: 'contact', e: 'content-encoding', l: 'content-length', c: 'content-type', f: 'from',
  s: 'subject', k: 'supported', t: 'to', v: 'via', o: 'event', r: 'refer-to', b: 'referred-by', u: 'allow-events',
};

const CANONICAL: Record<string, string> = Object.fromEntries(
  [
    'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Content-Length', 'Content-Type', 'Content-Encoding', 'Max-Forwards',
    'Route', 'Record-Route', 'WWW-Authenticate', 'Authorization', 'Proxy-Authenticate', 'Proxy-Authorization', 'Expires',
    'Min-Expires', 'Allow', 'Supported', 'Require', 'Proxy-Require', 'Unsupported', 'Accept', 'User-Agent', 'Server',
    'Retry-After', 'Reason', 'P-Asserted-Identity', 'Event', 'Subject', 'Refer-To', 'Referred-By', 'Allow-Events', 'Date',
  ].map((name) => [name.toLowerCase(), name]),
);

// Headers whose comma-separated values are separate header fields (RFC 3261 §7.3.1).
const LIST_HEADERS = new Set([
  'via', 'contact', 'route', 'record-route', 'allow', 'supported', 'require', 'proxy-require', 'unsupported', 'accept',
  'accept-encoding', 'accept-language', 'content-encoding', 'allow-events', 'p-asserted-identity',
]);

const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 181: 'Call Is Being Forwarded', 182: 'Queued', 183: 'Session Progress',
  200: 'OK', 202: 'Accepted', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected', 483: 'Too Many Hops', 486: 'Busy Here',
  487: 'Request Terminated', 488: 'Not Acceptable Here', 491: 'Request Pending', 500: 'Server Internal Error',
  501: 'Not Implemented', 503: 'Service Unavailable', 504: 'Server Time-out', 600: 'Busy Everywhere', 603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status < 200 ? 'Progress' : status < 300 ? 'OK' : 'Error');
}

/** The canonical long name of a header: compact forms expanded, known names in their usual case. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  const long = COMPACT[lower] ?? lower;
  return CANONICAL[long] ?? name;
}

const fail = (code: SipParseErrorCode, detail: string, partial?: SipRequest): ParseResult => ({ ok: false, error: { code: `sip.${code}`, detail, partial } });

/** Parses one datagram (or one framed stream message). Never throws. */
export function parseMessage(data: Buffer): ParseResult {
  try {
    return parseUnsafe(data);
  } catch (cause) {
    return fail('header_syntax', `unexpected parser failure: ${String(cause)}`);
  }
}

function parseUnsafe(data: Buffer): ParseResult {
  if (data.length > MAX_MESSAGE_BYTES) return fail('too_large', `${data.length} bytes`);
  // RFC 3261 §7.5: ignore CRLFs before the start line (also keep-alives).
  let start = 0;
  while (start < data.length && (data[start] === 0x0d || data[start] === 0x0a)) start++;
  if (start >= data.length) return fail('empty', 'no message');
  let headEnd = data.indexOf('\r\n\r\n', start);
  let bodyStart = headEnd + 4;
  const lfEnd = data.indexOf('\n\n', start);
  if (lfEnd >= 0 && (headEnd < 0 || lfEnd < headEnd)) {
    headEnd = lfEnd;
    bodyStart = lfEnd + 2;
  }
  if (headEnd < 0) {
    headEnd = data.length;
    bodyStart = data.length;
  }
  const lines = data.toString('utf8', start, headEnd).split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const response = STATUS_LINE.exec(startLine);
  const strict = response ? null : REQUEST_LINE.exec(startLine);
  const loose = response || strict ? null : LOOSE_REQUEST_LINE.exec(startLine);
  const request = strict ?? loose;
  if (!request && !response) return fail('start_line', startLine.slice(0, 80));
  // A request line we can read but not accept is answered (400, or 505 for another version) once
  // the headers tell where to send the answer.
  const startLineError: [SipParseErrorCode, string] | undefined = loose
    ? ['start_line', startLine.slice(0, 80)]
    : strict && strict[3] !== '2.0' ? ['version', `SIP/${strict[3]}`] : undefined;

  // RFC 3261 §7.3.1: a line starting with whitespace continues the previous header (folding).
  const unfolded: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  const headers: SipHeader[] = [];
  let syntaxError: string | undefined;
  for (const line of unfolded) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    const rawName = colon < 0 ? '' : line.slice(0, colon).trim();
    if (colon <= 0 || !/^[A-Za-z0-9\-.!%*_+`'~]+$/.test(rawName)) {
      syntaxError ??= line.slice(0, 80);
      continue;
    }
    const name = canonicalName(rawName);
    const value = line.slice(colon + 1).trim();
    if (LIST_HEADERS.has(name.toLowerCase())) {
      for (const part of splitOutside(value, ',')) if (part.trim() !== '') headers.push({ name, value: part.trim() });
    } else headers.push({ name, value });
  }

  const available = data.subarray(bodyStart);
  const message: SipMessage = request
    ? // RFC 3261 §7.1: the method is case-sensitive; `invite` is an extension method, not INVITE.
      { type: 'request', method: request[1]!, uri: request[2]!, headers, body: available }
    : { type: 'response', status: Number(response![1]), reason: response![2] ?? '', headers, body: available };
  const partial = message.type === 'request' ? message : undefined;
  if (startLineError) return fail(startLineError[0], startLineError[1], partial);
  if (syntaxError !== undefined) return fail('header_syntax', syntaxError, partial);
  for (const name of SINGLE_VALUE_HEADERS) if (headerValues(message, name).length > 1) return fail('duplicate_header', name, partial);

  const lengthValues = headerValues(message, 'Content-Length');
  if (lengthValues.length > 1) return fail('content_length', 'repeated Content-Length', partial);
  if (lengthValues.length === 1) {
    const text = lengthValues[0]!;
    if (!/^\d{1,6}$/.test(text)) return fail('content_length', text.slice(0, 20), partial);
    const length = Number(text);
    // RFC 3261 §18.3: a datagram shorter than Content-Length is discarded; extra bytes are dropped.
    if (length > available.length) return fail('content_length', `${length} > ${available.length}`, partial);
    message.body = available.subarray(0, length);
  }
  const essentials = readEssentials(message);
  if ('missing' in essentials) return fail('missing_header', essentials.missing, partial);
  if ('bad' in essentials) return fail('bad_header', essentials.bad, partial);
  // RFC 3261 §8.1.1.5: the CSeq method matches the request's (ACK and CANCEL carry their own).
  if (message.type === 'request' && essentials.cseq.method !== message.method && message.method !== 'ACK') {
    return fail('cseq_method', 'CSeq method differs from the request method', partial);
  }
  const maxForwards = header(message, 'Max-Forwards');
  // RFC 3261 §20.22: 0 to 255 (RFC 4475 §3.1.2.4 scalar02 sends 300).
  if (maxForwards !== undefined && (!/^\d{1,9}$/.test(maxForwards) || Number(maxForwards) > 255)) return fail('bad_header', 'Max-Forwards', partial);
  return { ok: true, message };
}

function readEssentials(message: SipMessage): MessageEssentials | { missing: string } | { bad: string } {
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) if (headerValues(message, name).length === 0) return { missing: name };
  const via: Via[] = [];
  for (const value of headerValues(message, 'Via')) {
    const parsed = parseVia(value);
    if (!parsed) return { bad: 'Via' };
    via.push(parsed);
  }
  const from = parseNameAddr(header(message, 'From')!);
  if (!from) return { bad: 'From' };
  const to = parseNameAddr(header(message, 'To')!);
  if (!to) return { bad: 'To' };
  const cseq = parseCSeq(header(message, 'CSeq')!);
  if (!cseq) return { bad: 'CSeq' };
  const callId = header(message, 'Call-ID')!;
  if (/\s/.test(callId) || callId === '') return { bad: 'Call-ID' };
  return { via, from, to, callId, cseq };
}

/**
 * The essentials of a message that `parseMessage` accepted. Throws only if called on a message
 * that did not come from the parser or a builder (a programming error, not input).
 */
export function essentials(message: SipMessage): MessageEssentials {
  const result = readEssentials(message);
  if ('missing' in result || 'bad' in result) throw new Error(`SIP message lacks valid essentials: ${JSON.stringify(result)}`);
  return result;
}

/** All values of a header, in order (case-insensitive, compact forms expanded by the parser). */
export function headerValues(message: { headers: SipHeader[] }, name: string): string[] {
  const lower = canonicalName(name).toLowerCase();
  return message.headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

export function header(message: { headers: SipHeader[] }, name: string): string | undefined {
  return headerValues(message, name)[0];
}

/** Replaces every value of `name` with `values` (at the position of the first one, or appended). */
export function setHeader(message: { headers: SipHeader[] }, name: string, ...values: string[]): void {
  const canonical = canonicalName(name);
  const lower = canonical.toLowerCase();
  const at = message.headers.findIndex((h) => h.name.toLowerCase() === lower);
  const kept = message.headers.filter((h) => h.name.toLowerCase() !== lower);
  const fresh = values.map((value) => ({ name: canonical, value }));
  kept.splice(at < 0 ? kept.length : at, 0, ...fresh);
  message.headers = kept;
}

/** Serializes with a correct Content-Length (RFC 3261 §20.14: mandatory over TCP, recommended over UDP). */
export function serializeMessage(message: SipMessage): Buffer {
  const startLine = message.type === 'request' ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const lines = [startLine];
  for (const h of message.headers) if (h.name.toLowerCase() !== 'content-length') lines.push(`${h.name}: ${h.value}`);
  lines.push(`Content-Length: ${message.body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), message.body]);
}

/**
 * A response to `request` (RFC 3261 §8.2.6.2): Via, From, To, Call-ID and CSeq copied; the To tag
 * added when the request had none and one is given. Works on a partial request for 400.
 */
export function createResponse(
  request: SipRequest,
  status: number,
  options: { reason?: string; toTag?: string; headers?: SipHeader[]; body?: Buffer | string } = {},
): SipResponse {
  const headers: SipHeader[] = [];
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    // Every Via (§8.2.6.2); of the others the first, should a malformed request carry two.
    const values = headerValues(request, name);
    for (let value of name === 'Via' ? values : values.slice(0, 1)) {
      if (name === 'To' && options.toTag && status !== 100 && !/;\s*tag=/i.test(value)) value = `${value};tag=${options.toTag}`;
      headers.push({ name: canonicalName(name), value });
    }
  }
  headers.push(...(options.headers ?? []));
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : (options.body ?? Buffer.alloc(0));
  return { type: 'response', status, reason: options.reason ?? reasonPhrase(status), headers, body };
}

/**
 * True when the bytes of a (possibly malformed) request carry what an answer needs to be routed
 * back: a readable top Via. Missing From, To or Call-ID are themselves what the 400 is about
 * (RFC 4475 §3.3.1 insuf); an ACK is never answered (RFC 3261 §17.2.3).
 */
export function canAnswerBadRequest(partial: SipRequest): boolean {
  const top = headerValues(partial, 'Via')[0];
  return partial.method !== 'ACK' && top !== undefined && parseVia(top) !== undefined;
}
