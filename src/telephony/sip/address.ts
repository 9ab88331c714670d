/**
 * The structured header values of RFC 3261 §25.1: SIP URIs, name-addr (From, To, Contact, Route),
 * Via and CSeq. Parsers return `undefined` on malformed input and never throw; message.ts turns
 * that into a typed parse error.
 */

export type Params = Record<string, string | null>;

export type SipUri = {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  password?: string;
  /** Host name, IPv4, or IPv6 without brackets; the number for `tel:`. */
  host: string;
  port?: number;
  params: Params;
  headers: Record<string, string>;
};

export type NameAddr = { displayName?: string; uri: SipUri; params: Params };

export type Via = { protocol: string; transport: string; host: string; port?: number; params: Params };

export type CSeq = { seq: number; method: string };

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
// RFC 3261 §25.1: an unquoted display-name is tokens and whitespace (RFC 4475 §3.1.2.15 baddn:
// `Bell, Alexander` needs quotes). Letters beyond ASCII are let through: phones send them unquoted.
const UNQUOTED_DISPLAY_NAME = /^(?:[A-Za-z0-9\-.!%*_+`'~\s]|[^\p{ASCII}])*$/u;
const PORT = /^\d{1,5}$/;

/** Splits on `separator` outside double quotes and angle brackets. */
export function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let angle = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle++;
    else if (!quoted && ch === '>') angle = Math.max(0, angle - 1);
    else if (!quoted && angle === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** `;a=b;c;d="e f"` → { a: 'b', c: null, d: 'e f' }. Names are lower-cased. */
export function parseParams(text: string): Params | undefined {
  const params: Params = {};
  for (const raw of splitOutside(text, ';')) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (!TOKEN.test(name)) return undefined;
    if (eq < 0) {
      params[name] = null;
      continue;
    }
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"')) return undefined;
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    params[name] = value;
  }
  return params;
}

export function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([name, value]) => (value === null ? `;${name}` : `;${name}=${/^[^\s";,<>]*$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`}`))
    .join('');
}

function parseHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(1, close);
    rest = text.slice(close + 1);
    if (!/^[0-9A-Fa-f:.]+$/.test(host)) return undefined;
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
    if (!/^[A-Za-z0-9\-._]+$/.test(host)) return undefined;
  }
  if (rest === '') return { host };
  if (!rest.startsWith(':') || !PORT.test(rest.slice(1))) return undefined;
  const port = Number(rest.slice(1));
  if (port === 0 || port > 65535) return undefined;
  return { host, port };
}

/** Parses `sip:+32470123456@host;user=phone`, `sips:alice:pw@[::1]:5061;transport=tcp?subject=x`, `tel:+32…`. */
export function parseUri(text: string): SipUri | undefined {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = trimmed.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return undefined;
  let rest = trimmed.slice(colon + 1);
  if (/\s/.test(rest) || rest === '') return undefined;
  const headers: Record<string, string> = {};
  // The user part may hold `?` (user-unreserved, RFC 3261 §25.1): headers start after the host.
  const question = rest.indexOf('?', Math.max(0, rest.lastIndexOf('@')));
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const [name, value = ''] = pair.split('=');
      if (!name) return undefined;
      headers[name] = safeDecode(value) ?? value;
    }
    rest = rest.slice(0, question);
  }
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    const number = semi < 0 ? rest : rest.slice(0, semi);
    const params = parseParams(semi < 0 ? '' : rest.slice(semi));
    if (!params || !/^\+?[0-9A-Fa-f*#.()-]+$/.test(number)) return undefined;
    return { scheme, host: number, params, headers };
  }
  let user: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const pw = userinfo.indexOf(':');
    user = safeDecode(pw < 0 ? userinfo : userinfo.slice(0, pw));
    if (pw >= 0) password = safeDecode(userinfo.slice(pw + 1));
    if (user === undefined || user === '' || (pw >= 0 && password === undefined)) return undefined;
  }
  const semi = rest.indexOf(';');
  const hostPort = parseHostPort(semi < 0 ? rest : rest.slice(0, semi));
  const params = parseParams(semi < 0 ? '' : rest.slice(semi));
  if (!hostPort || !params) return undefined;
  return { scheme, user, password, ...hostPort, params, headers };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function formatUri(uri: SipUri): string {
  const host = uri.host.includes(':') ? `[${uri.host}]` : uri.host;
  // RFC 3261 §25.1: user part keeps unreserved, escaped and user-unreserved characters (+ & = , ; ? /).
  const user = uri.user === undefined ? '' : uri.user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) => encodeURIComponent(c));
  const userinfo = uri.user === undefined ? '' : `${user}${uri.password === undefined ? '' : `:${encodeURIComponent(uri.password)}`}@`;
  const headers = Object.entries(uri.headers).map(([n, v]) => `${n}=${encodeURIComponent(v)}`);
  if (uri.scheme === 'tel') return `tel:${uri.host}${formatParams(uri.params)}${headers.length ? `?${headers.join('&')}` : ''}`;
  return `${uri.scheme}:${userinfo}${host}${uri.port ? `:${uri.port}` : ''}${formatParams(uri.params)}${headers.length ? `?${headers.join('&')}` : ''}`;
}

/**
 * name-addr or addr-spec with header parameters (RFC 3261 §20.10): without angle brackets, the
 * parameters after the URI belong to the header (the tag), not to the URI.
 */
export function parseNameAddr(text: string): NameAddr | undefined {
  const trimmed = text.trim();
  const open = angleStart(trimmed);
  if (open >= 0) {
    const close = trimmed.indexOf('>', open);
    if (close < 0) return undefined;
    let displayName: string | undefined = trimmed.slice(0, open).trim();
    if (displayName.startsWith('"')) {
      if (displayName.length < 2 || !displayName.endsWith('"')) return undefined;
      displayName = displayName.slice(1, -1).replace(/\\(.)/g, '$1');
    } else if (!UNQUOTED_DISPLAY_NAME.test(displayName)) return undefined;
    const inside = trimmed.slice(open + 1, close);
    // RFC 3261 §25.1: LAQUOT addr-spec RAQUOT, no whitespace within (RFC 4475 §3.1.2.14 badaspec).
    if (inside !== inside.trim()) return undefined;
    const uri = parseUri(inside);
    const params = parseParams(trimmed.slice(close + 1));
    if (!uri || !params) return undefined;
    return { displayName: displayName === '' ? undefined : displayName, uri, params };
  }
  const semi = trimmed.indexOf(';');
  const uri = parseUri(semi < 0 ? trimmed : trimmed.slice(0, semi));
  const params = parseParams(semi < 0 ? '' : trimmed.slice(semi));
  if (!uri || !params) return undefined;
  return { uri, params };
}

/** Index of the `<` that opens the URI, skipping a quoted display name. */
function angleStart(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') return i;
  }
  return -1;
}

export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName ? `"${value.displayName.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${name}<${formatUri(value.uri)}>${formatParams(value.params)}`;
}

/** `SIP/2.0/UDP host:port;branch=z9hG4bK…;rport` (RFC 3261 §20.42, RFC 3581). */
export function parseVia(text: string): Via | undefined {
  const match = /^\s*([A-Za-z0-9.\-_]+\s*\/\s*[0-9.]+)\s*\/\s*([A-Za-z0-9\-_]+)\s+([^;\s]+)\s*(;.*)?$/s.exec(text);
  if (!match) return undefined;
  const hostPort = parseHostPort(match[3]!);
  const params = parseParams(match[4] ?? '');
  if (!hostPort || !params) return undefined;
  return { protocol: match[1]!.replace(/\s/g, '').toUpperCase(), transport: match[2]!.toUpperCase(), ...hostPort, params };
}

export function formatVia(via: Via): string {
  const host = via.host.includes(':') ? `[${via.host}]` : via.host;
  return `${via.protocol}/${via.transport} ${host}${via.port ? `:${via.port}` : ''}${formatParams(via.params)}`;
}

export function parseCSeq(text: string): CSeq | undefined {
  const match = /^\s*(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)\s*$/.exec(text);
  if (!match) return undefined;
  const seq = Number(match[1]);
  // RFC 3261 §8.1.1.5: the sequence number is a 32-bit unsigned integer.
  if (seq > 2 ** 32 - 1) return undefined;
  return { seq, method: match[2]! };
}

/**
 * A call target from the application: an E.164 number becomes `sip:+32470123456@domain;user=phone`
 * (RFC 3261 §19.1.6), anything starting with `sip:`/`sips:` is taken as it is.
 */
export function targetUri(to: string, domain: string): SipUri | undefined {
  if (/^\+[1-9]\d{6,14}$/.test(to)) {
    const hostPort = parseHostPort(domain);
    return hostPort ? { scheme: 'sip', user: to, ...hostPort, params: { user: 'phone' }, headers: {} } : undefined;
  }
  return /^sips?:/i.test(to) ? parseUri(to) : undefined;
}
