/**
 * What a UAS answers before a request reaches a dialog or the call handler (RFC 3261 §8.2): the
 * method (§8.2.1), the Request-URI (§8.2.2.1), the extensions required (§8.2.2.3), the body
 * (§8.2.3) and what the response may carry (§8.2.3, Accept). The parser's refusals are mapped to
 * their answer here too, so every status a malformed or unsupported request gets is in one place.
 */
import { parseUri } from './address.ts';
import { type SipHeader, type SipParseError, type SipRequest, header, headerValues } from './message.ts';

/** The methods of RFC 3261 and its extensions we know of: unknown ones are 501, known ones we do not do 405. */
export const KNOWN_METHODS = new Set([
  'INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'INFO', 'UPDATE', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'MESSAGE', 'PUBLISH',
]);

export type Capabilities = {
  /** Methods we handle (the Allow header). */
  allow: readonly string[];
  /** Option tags we support (RFC 3261 §20.37); anything else in Require gets 420. */
  supported: readonly string[];
  /** Body types we read (application/sdp, and the DTMF types of INFO). */
  accept: readonly string[];
};

export type Answer = { status: number; reason?: string; headers: SipHeader[] };

const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+\-.]*):/;

const list = (values: readonly string[]) => values.join(', ');

/**
 * The answer a request gets before anything else looks at it, or undefined when it may proceed.
 * ACK is never answered (RFC 3261 §17.2.3) and CANCEL is the transaction layer's (§9.2).
 */
export function inspectRequest(request: SipRequest, capabilities: Capabilities): Answer | undefined {
  const method = request.method;
  if (method === 'ACK' || method === 'CANCEL') return undefined;
  // §8.2.1: an unknown method is 501; a known one we do not do is 405 with Allow.
  if (!capabilities.allow.includes(method)) {
    return KNOWN_METHODS.has(method)
      ? { status: 405, headers: [{ name: 'Allow', value: list(capabilities.allow) }] }
      : { status: 501, headers: [{ name: 'Allow', value: list(capabilities.allow) }] };
  }
  // §8.2.2.1: a scheme we do not know is 416 (RFC 4475 §3.3.2 unkscm, §3.3.3 novelsc); a SIP URI
  // we cannot read, one in <…> (§7.1, RFC 4475 §3.1.2.7 ltgtruri) or one carrying headers
  // (§19.1.1, RFC 4475 §3.1.2.11 escruri) is 400.
  const scheme = URI_SCHEME.exec(request.uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return { status: 400, reason: 'Bad Request-URI', headers: [] };
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return { status: 416, headers: [] };
  const uri = parseUri(request.uri);
  if (!uri) return { status: 400, reason: 'Bad Request-URI', headers: [] };
  if (Object.keys(uri.headers).length > 0) return { status: 400, reason: 'Headers in Request-URI', headers: [] };
  // §8.2.2.3: every option tag in Require must be supported, else 420 listing the others.
  const unsupported = headerValues(request, 'Require').filter((tag) => !capabilities.supported.includes(tag.toLowerCase()));
  if (unsupported.length > 0) return { status: 420, headers: [{ name: 'Unsupported', value: list(unsupported) }] };
  // §8.2.3: a body we cannot read is 415 with what we accept (RFC 4475 §3.3.6 invut).
  if (request.body.length > 0) {
    const type = (header(request, 'Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
    const encodings = headerValues(request, 'Content-Encoding').filter((encoding) => encoding.toLowerCase() !== 'identity');
    if (encodings.length > 0) return { status: 415, headers: [{ name: 'Accept-Encoding', value: 'identity' }] };
    if (!capabilities.accept.includes(type)) return { status: 415, headers: [{ name: 'Accept', value: list(capabilities.accept) }] };
  }
  // §8.2.3 / RFC 4475 §3.3.15 sdp01: an INVITE whose Accept leaves out SDP cannot be answered with one.
  const accepted = headerValues(request, 'Accept').map((value) => value.split(';')[0]!.trim().toLowerCase());
  if (method === 'INVITE' && accepted.length > 0 && !accepted.some((type) => type === 'application/sdp' || type === 'application/*' || type === '*/*')) {
    return { status: 406, headers: [{ name: 'Accept', value: 'application/sdp' }] };
  }
  return undefined;
}

/**
 * The answer to a request the parser refused (RFC 3261 §21.4.1 and §21.5.6, RFC 4475 §3.1.2):
 * 505 for another SIP version, 501 for an unknown method whose start line was fine
 * (RFC 4475 §3.1.2.18 mismatch02), 400 for the rest. Undefined: nothing to answer.
 */
export function answerToMalformed(error: SipParseError): number | undefined {
  if (!error.partial) return undefined;
  if (error.code === 'sip.version') return 505;
  if (error.code !== 'sip.start_line' && !KNOWN_METHODS.has(error.partial.method)) return 501;
  return 400;
}
