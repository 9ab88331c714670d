/**
 * Registration with a trunk (RFC 3261 §10): REGISTER with digest authentication, refresh before
 * the granted expiry, and re-registration with exponential backoff after failures.
 */
import { randomBytes } from 'node:crypto';
import { parseNameAddr } from './address.ts';
import { createDigestSession } from './digest.ts';
import { type SipRequest, type SipResponse, header, headerValues } from './message.ts';
import type { TimerHandle, TimerQueue } from './timers.ts';
import type { TransactionLayer } from './transaction.ts';
import type { Endpoint } from './transport.ts';

export const REGISTRATION_STATES = ['unregistered', 'registering', 'registered', 'failed'] as const;
export type RegistrationStateName = (typeof REGISTRATION_STATES)[number];

export type RegistrationFailureKind = 'auth_failed' | 'rejected' | 'unreachable';

export class RegistrationFailure extends Error {
  readonly kind: RegistrationFailureKind;
  readonly status?: number;
  constructor(kind: RegistrationFailureKind, status?: number, reason?: string) {
    super(`sip.registration.${kind}${status ? ` (${status} ${reason ?? ''})` : ''}`);
    this.name = 'RegistrationFailure';
    this.kind = kind;
    this.status = status;
  }
}

export type RegistrationState = {
  state: RegistrationStateName;
  /** Epoch ms of the granted expiry while registered. */
  expiresAt?: number;
  /** The last failure since the last success, kept while a retry is under way. */
  lastFailure?: RegistrationFailure;
  /** Epoch ms of the first failure since the last success (retries in between included). */
  failedSince?: number;
};

export type Registration = RegistrationState & {
  onChange(listener: (state: RegistrationState) => void): () => void;
};

export type RegistrationOptions = {
  layer: TransactionLayer;
  timers: TimerQueue;
  registrar: Endpoint;
  domain: string;
  username: string;
  password?: string;
  contact: string;
  expiresSeconds: number;
  /** First retry delay after a failure; doubles up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  now: () => number;
};

export function createRegistrar(options: RegistrationOptions) {
  const { layer, timers, registrar, domain, username } = options;
  const digest = options.password !== undefined ? createDigestSession({ username, password: options.password }) : undefined;
  const callId = `${randomBytes(10).toString('hex')}@${options.contact.replace(/^.*@|>.*$/g, '')}`;
  const fromTag = randomBytes(6).toString('hex');
  const aor = `<sip:${username}@${domain}>`;
  let cseq = 0;
  let failures = 0;
  let next: TimerHandle | undefined;
  let stopped = false;
  const listeners = new Set<(state: RegistrationState) => void>();
  const current: RegistrationState = { state: 'unregistered' };

  const observable: Registration = {
    get state() { return current.state; },
    get expiresAt() { return current.expiresAt; },
    get lastFailure() { return current.lastFailure; },
    get failedSince() { return current.failedSince; },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function set(change: RegistrationState): void {
    Object.assign(current, { expiresAt: undefined }, change);
    for (const listener of listeners) listener({ ...current });
  }

  function buildRegister(expires: number, authorization?: { name: string; value: string }): SipRequest {
    const request: SipRequest = {
      type: 'request',
      method: 'REGISTER',
      uri: `sip:${domain}`,
      headers: [
        { name: 'Via', value: layer.via() },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `${aor};tag=${fromTag}` },
        { name: 'To', value: aor },
        { name: 'Call-ID', value: callId },
        { name: 'CSeq', value: `${++cseq} REGISTER` },
        { name: 'Contact', value: options.contact },
        { name: 'Expires', value: String(expires) },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
      ],
      body: Buffer.alloc(0),
    };
    const auth = authorization ?? digest?.authorize('REGISTER', request.uri);
    if (auth) request.headers.push(auth);
    return request;
  }

  /** The expiry the registrar granted: our Contact's `expires`, else the Expires header (§10.2.4). */
  function grantedExpires(response: SipResponse, asked: number): number {
    const ours = options.contact.replace(/^.*<|>.*$/g, '');
    for (const value of headerValues(response, 'Contact')) {
      const contact = parseNameAddr(value);
      if (contact && value.includes(ours.replace(/^sip:/, '')) && contact.params.expires) return Number(contact.params.expires);
    }
    const expires = Number(header(response, 'Expires'));
    return Number.isFinite(expires) && expires > 0 ? expires : asked;
  }

  /** One REGISTER exchange, answering challenges; resolves with the granted expiry in seconds. */
  function exchange(expires: number): Promise<number> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const send = (request: SipRequest) =>
        layer.sendRequest(request, registrar, {
          onResponse(response) {
            if (response.status < 200) return;
            if (response.status < 300) return resolve(grantedExpires(response, expires));
            if ((response.status === 401 || response.status === 407) && digest) {
              const name = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
              // RFC 3261 §22.2: a new challenge after our credentials means they were refused.
              if (digest.challenged(response.status, headerValues(response, name), answered)) {
                answered = true;
                return send(buildRegister(expires));
              }
              digest.forget();
              return reject(new RegistrationFailure('auth_failed', response.status, response.reason));
            }
            // §10.2.8: 423 Interval Too Brief carries the minimum we may ask for.
            const minimum = Number(header(response, 'Min-Expires'));
            if (response.status === 423 && minimum > expires && !answered) {
              answered = true;
              expires = minimum;
              return send(buildRegister(expires));
            }
            reject(new RegistrationFailure(response.status === 401 || response.status === 407 ? 'auth_failed' : 'rejected', response.status, response.reason));
          },
          onTimeout: () => reject(new RegistrationFailure('unreachable')),
          onTransportError: () => reject(new RegistrationFailure('unreachable')),
        });
      send(buildRegister(expires));
    });
  }

  async function attempt(): Promise<void> {
    if (stopped) return;
    if (current.state !== 'registered') set({ state: 'registering' });
    try {
      const granted = await exchange(options.expiresSeconds);
      if (stopped) return;
      failures = 0;
      set({ state: 'registered', expiresAt: options.now() + granted * 1000, lastFailure: undefined, failedSince: undefined });
      // Refresh ahead of expiry: halfway for short registrations, 30 s before for long ones.
      const refreshIn = granted <= 60 ? (granted * 1000) / 2 : (granted - 30) * 1000;
      next = timers.after(refreshIn, () => void attempt().catch(() => {}));
    } catch (error) {
      if (stopped) return;
      const failure = error instanceof RegistrationFailure ? error : new RegistrationFailure('unreachable');
      set({ state: 'failed', lastFailure: failure, failedSince: current.failedSince ?? options.now() });
      const delay = Math.min(options.backoffMs * 2 ** failures, options.maxBackoffMs);
      failures++;
      next = timers.after(delay, () => void attempt().catch(() => {}));
      throw failure;
    }
  }

  return {
    registration: observable,
    /** Registers now; rejects with the first failure while retries continue in the background. */
    start: () => {
      next?.cancel();
      stopped = false;
      return attempt();
    },
    /** Stops refreshing and removes the binding (Expires: 0), best effort. */
    async stop(): Promise<void> {
      stopped = true;
      next?.cancel();
      if (current.state !== 'registered') return;
      await exchange(0).catch(() => {});
      set({ state: 'unregistered' });
    },
  };
}
