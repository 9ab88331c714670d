/**
 * HTTP Digest for SIP (RFC 3261 §22.4): RFC 2617 MD5 and RFC 8760 SHA-256 (with their -sess
 * variants), qop=auth (and auth-int), answering 401 WWW-Authenticate and 407 Proxy-Authenticate.
 */
import { createHash, randomBytes } from 'node:crypto';
import { splitOutside } from './address.ts';

export const DIGEST_ALGORITHMS = ['SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

export type DigestChallenge = {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  /** Offered qop values, empty for an RFC 2069 challenge. */
  qop: string[];
  opaque?: string;
  /** RFC 2617 §3.2.1: the nonce expired but the credentials were right: retry without asking the user. */
  stale: boolean;
};

export type DigestCredentials = { username: string; password: string };

/** `Digest realm="x", nonce="y", qop="auth,auth-int"` → name/value pairs (names lower-cased). */
export function parseAuthParams(value: string): { scheme: string; params: Record<string, string> } | undefined {
  const match = /^\s*([A-Za-z0-9\-_]+)\s+(.*)$/s.exec(value);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of splitOutside(match[2]!, ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (part.trim() === '') continue;
      return undefined;
    }
    const name = part.slice(0, eq).trim().toLowerCase();
    let text = part.slice(eq + 1).trim();
    if (text.startsWith('"')) {
      if (text.length < 2 || !text.endsWith('"')) return undefined;
      text = text.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (!/^[a-z0-9\-_]+$/.test(name)) return undefined;
    params[name] = text;
  }
  return { scheme: match[1]!, params };
}

/** One challenge header value, or `undefined` when it is not a Digest challenge we can answer. */
export function parseChallenge(value: string): DigestChallenge | undefined {
  const parsed = parseAuthParams(value);
  if (!parsed || parsed.scheme.toLowerCase() !== 'digest') return undefined;
  const { realm, nonce, opaque, stale, qop, algorithm = 'MD5' } = parsed.params;
  const known = DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === algorithm.toLowerCase());
  if (realm === undefined || nonce === undefined || !known) return undefined;
  return {
    realm,
    nonce,
    algorithm: known,
    qop: qop ? qop.split(',').map((q) => q.trim().toLowerCase()).filter(Boolean) : [],
    opaque,
    stale: stale?.toLowerCase() === 'true',
  };
}

/**
 * RFC 8760 §2.4: a server may send several challenges, one per algorithm, in order of preference;
 * the client uses the first one it supports.
 */
export function selectChallenge(values: string[]): DigestChallenge | undefined {
  for (const value of values) {
    const challenge = parseChallenge(value);
    if (challenge) return challenge;
  }
  return undefined;
}

function hash(algorithm: DigestAlgorithm, text: string | Buffer): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(text).digest('hex');
}

const quote = (text: string) => `"${text.replace(/(["\\])/g, '\\$1')}"`;

export type DigestAnswer = {
  /** The value of the Authorization or Proxy-Authorization header. */
  header: string;
  response: string;
};

/**
 * The credentials for one request (RFC 2617 §3.2.2, RFC 7616 §3.4.1 for SHA-256):
 *   HA1 = H(username:realm:password)            (-sess: H(H(…):nonce:cnonce))
 *   HA2 = H(method:uri)                          (auth-int: H(method:uri:H(body)))
 *   response = H(HA1:nonce:nc:cnonce:qop:HA2)    (no qop: H(HA1:nonce:HA2))
 */
export function answerChallenge(args: {
  challenge: DigestChallenge;
  credentials: DigestCredentials;
  method: string;
  uri: string;
  /** The count of requests made with this nonce (RFC 2617 §3.2.2: nc), from 1. */
  nonceCount?: number;
  cnonce?: string;
  body?: Buffer;
}): DigestAnswer {
  const { challenge, credentials, method, uri } = args;
  const algorithm = challenge.algorithm;
  const qop = challenge.qop.includes('auth') ? 'auth' : challenge.qop.includes('auth-int') ? 'auth-int' : undefined;
  const cnonce = args.cnonce ?? randomBytes(12).toString('hex');
  const nc = (args.nonceCount ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(algorithm, `${credentials.username}:${challenge.realm}:${credentials.password}`);
  if (algorithm.endsWith('-sess')) ha1 = hash(algorithm, `${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = hash(algorithm, qop === 'auth-int' ? `${method}:${uri}:${hash(algorithm, args.body ?? Buffer.alloc(0))}` : `${method}:${uri}`);
  const response = qop ? hash(algorithm, `${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hash(algorithm, `${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
    `response=${quote(response)}`,
    `algorithm=${algorithm}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  return { header: `Digest ${parts.join(', ')}`, response };
}

/**
 * Remembers the challenge of one realm so a request (or the next registration refresh) can answer it,
 * and decides when a challenge means the credentials are wrong: RFC 3261 §22.2, a new challenge after
 * credentials for the same realm, unless it says `stale=true`.
 */
export function createDigestSession(credentials: DigestCredentials) {
  let current: { challenge: DigestChallenge; proxy: boolean; count: number } | undefined;
  return {
    /** Records a 401/407; returns false when the credentials were refused. */
    challenged(status: 401 | 407, values: string[], alreadyAnswered: boolean): boolean {
      const challenge = selectChallenge(values);
      if (!challenge) return false;
      if (alreadyAnswered && !challenge.stale) return false;
      current = { challenge, proxy: status === 407, count: 0 };
      return true;
    },
    /** The header for a request, when a challenge is known. */
    authorize(method: string, uri: string, body?: Buffer): { name: 'Authorization' | 'Proxy-Authorization'; value: string } | undefined {
      if (!current) return undefined;
      current.count++;
      const { header } = answerChallenge({ challenge: current.challenge, credentials, method, uri, nonceCount: current.count, body });
      return { name: current.proxy ? 'Proxy-Authorization' : 'Authorization', value: header };
    },
    forget() {
      current = undefined;
    },
  };
}
export type DigestSession = ReturnType<typeof createDigestSession>;
