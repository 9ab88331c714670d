/**
 * The public face of the SIP stack: a user agent that registers with a trunk, places calls
 * (INVITE with digest, ring timeout and CANCEL), answers incoming calls and OPTIONS, and routes
 * in-dialog requests to their call. Policy (which numbers, how many calls) belongs to the caller.
 */
import { randomBytes } from 'node:crypto';
import { parseVia, targetUri } from './address.ts';
import { createDialogSession, dialogFromRequest, dialogKey, type DialogSession, type EstablishedCall, newTag, uriEndpoint } from './dialog.ts';
import { type SipRequest, canAnswerBadRequest, createResponse, essentials, header, headerValues } from './message.ts';
import { type Capabilities, answerToMalformed, inspectRequest } from './request-inspection.ts';
import { type AdmissionOptions, createAdmission } from './admission.ts';
import { type Reachability, createKeepalive } from './keepalive.ts';
import { type Registration, createRegistrar } from './registration.ts';
import { createTimerQueue } from './timers.ts';
import { DEFAULT_TIMERS, type ServerTransaction, type TimerSettings, createTransactionLayer } from './transaction.ts';
import { type Endpoint, createUdpTransport, responseDestination, stampReceived } from './transport.ts';
import { CallFailure, placeCall, type CallOptions, type OutgoingCall } from './outgoing-call.ts';

export { CallFailure, type CallFailureKind, type CallOptions, type OutgoingCall } from './outgoing-call.ts';
export type { CallEnd, EstablishedCall } from './dialog.ts';
export { RegistrationFailure, type Registration, type RegistrationState } from './registration.ts';

export type SipLog = (level: 'debug' | 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;

export type TrunkOptions = {
  /** Registrar and outbound proxy, `host:port` (port 5060 when omitted). */
  proxy: string;
  /** The SIP domain of our address of record and of E.164 targets. */
  domain: string;
  username?: string;
  password?: string;
  registerExpiresSeconds?: number;
  /** OPTIONS to the proxy this often, to know whether the trunk answers (0 or absent: never). */
  keepaliveSeconds?: number;
  /** E.164 number presented as caller (From user part and P-Asserted-Identity). */
  callerId: string;
  displayName?: string;
};

export type UserAgentOptions = {
  bind: { host: string; port: number };
  /** The address peers reach us at, for Via and Contact, when it differs from `bind` (0.0.0.0, NAT). */
  advertise?: { host: string; port?: number };
  trunk?: TrunkOptions;
  /** IPs and CIDRs we accept SIP from (the trunk); anything else is dropped unparsed. */
  allowedSources?: string[];
  timers?: Partial<TimerSettings> & { registerBackoffMs?: number; registerMaxBackoffMs?: number };
  /** New out-of-dialog requests waiting at most; a flood beyond it is dropped so calls keep flowing. */
  maxPendingRequests?: number;
  /**
   * Incoming calls: at most `maxCalls` at once, at most `invitesPerSecond` new INVITEs from one
   * address; beyond either, 503 with Retry-After. A call the handler neither answers nor rejects
   * within `unansweredMs` (default 10 s) is answered 503 too: no INVITE stays without a final answer.
   */
  incoming?: Omit<AdmissionOptions, 'now'> & { unansweredMs?: number };
  log?: SipLog;
};

export type IncomingCall = {
  callId: string;
  /** The From and To header values (name-addr). */
  from: string;
  to: string;
  remoteSdp: string;
  /** Sends 200 with `sdp`; resolves once the caller's ACK arrives. */
  answer(sdp: string): Promise<EstablishedCall>;
  reject(status: number): void;
  /** Resolves when the caller gives up (CANCEL) before an answer. */
  cancelled: Promise<void>;
};

export type UserAgent = {
  local: Endpoint;
  registration: Registration;
  register(): Promise<void>;
  /** Whether the trunk answers OPTIONS (src/telephony/sip/keepalive.ts); undefined without keepalive. */
  trunkReachability(): Reachability | undefined;
  call(options: CallOptions): Promise<OutgoingCall>;
  onIncomingCall(handler: (call: IncomingCall) => void): void;
  /** Calls in progress (dialogs) and pending transactions, for metrics. */
  counts(): { dialogs: number; clientTransactions: number; serverTransactions: number; dropped: number; timers: number; incomingCalls: number; refusedCalls: number; rateSources: number };
  close(): Promise<void>;
};

const CAPABILITIES: Capabilities = {
  allow: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO'],
  supported: [],
  accept: ['application/sdp', 'application/dtmf-relay', 'application/dtmf'],
};
const ALLOW = CAPABILITIES.allow.join(', ');

function parseHostPort(text: string): Endpoint {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`SIP proxy is not host:port: ${text}`);
  return { host: match[1]!, port: match[2] ? Number(match[2]) : 5060 };
}

export async function createUserAgent(options: UserAgentOptions): Promise<UserAgent> {
  const log: SipLog = options.log ?? (() => {});
  const settings: TimerSettings = { ...DEFAULT_TIMERS, ...options.timers };
  const timers = createTimerQueue();
  const transport = await createUdpTransport({ host: options.bind.host, port: options.bind.port, allowedSources: options.allowedSources, log });
  if (options.advertise) {
    transport.local.host = options.advertise.host;
    transport.local.port = options.advertise.port ?? transport.local.port;
  }
  const trunk = options.trunk;
  const proxy = trunk ? parseHostPort(trunk.proxy) : undefined;
  const domain = trunk?.domain ?? transport.local.host;
  const user = trunk?.username ?? trunk?.callerId ?? 'waakzaam';
  const contact = `<sip:${user}@${transport.local.host.includes(':') ? `[${transport.local.host}]` : transport.local.host}:${transport.local.port}>`;

  const sessions = new Map<string, DialogSession>();
  /** UAS 2xx awaiting the ACK, by dialog key. */
  const awaitingAck = new Map<string, () => void>();
  /** UAC ACKs to resend when the 2xx is retransmitted (RFC 3261 §13.2.2.4), by Call-ID. */
  const sentAcks = new Map<string, { ack: SipRequest; destination: Endpoint }>();
  let incomingHandler: ((call: IncomingCall) => void) | undefined;
  const pending: { request: SipRequest; tx: ServerTransaction | undefined; source: Endpoint }[] = [];
  const maxPending = options.maxPendingRequests ?? 1000;
  let draining = false;
  let droppedRequests = 0;
  let refusedCalls = 0;
  const admission = createAdmission({ ...options.incoming });

  const layer = createTransactionLayer({
    transport,
    timers,
    settings,
    hooks: {
      onRequest(request, tx, source) {
        const answer = tx ? inspectRequest(request, CAPABILITIES) : undefined;
        if (answer) {
          tx!.reply(answer.status, { reason: answer.reason, headers: answer.headers, toTag: newTag() });
          return;
        }
        const toTag = essentials(request).to.params.tag;
        if (toTag || request.method === 'ACK') return handleInDialog(request, tx);
        // New requests wait their turn behind calls in progress; a flood overflows and is dropped,
        // but an INVITE (already answered 100 Trying) gets its final answer.
        if (pending.length >= maxPending) {
          droppedRequests++;
          if (tx && request.method === 'INVITE') tx.reply(503, { toTag: newTag(), headers: [{ name: 'Retry-After', value: '5' }] });
          else tx?.abandon();
          return;
        }
        pending.push({ request, tx, source });
        if (!draining) {
          draining = true;
          setImmediate(drain);
        }
      },
      onCancel(invite) {
        cancelHandlers.get(invite)?.();
      },
      onStrayResponse(response) {
        const e = essentials(response);
        if (e.cseq.method !== 'INVITE' || response.status < 200 || response.status >= 300) return;
        const sent = sentAcks.get(e.callId);
        if (sent) transport.send(sent.ack, sent.destination);
      },
    },
  });
  const cancelHandlers = new WeakMap<ServerTransaction, () => void>();

  function drain(): void {
    // A bounded batch per turn of the event loop, so responses and in-dialog requests interleave.
    for (let i = 0; i < 64 && pending.length > 0; i++) {
      const { request, tx, source } = pending.shift()!;
      try {
        handleOutOfDialog(request, tx, source);
      } catch (error) {
        log('warn', 'SIP request handling failed', { error: String(error), method: request.method });
        tx?.reply(500);
      }
    }
    if (pending.length > 0) setImmediate(drain);
    else draining = false;
  }

  transport.onMessage((message, source) => layer.receive(message, source));
  transport.onMalformed((error, source) => {
    log('debug', 'malformed SIP message', { code: error.code, detail: error.detail, from: source.host });
    const partial = error.partial;
    const status = answerToMalformed(error);
    // RFC 3261 §8.2.6.2 / §21.4.1: answer garbage when we know where to send it.
    if (!partial || status === undefined || !canAnswerBadRequest(partial)) return;
    stampReceived(partial, source);
    const via = parseVia(headerValues(partial, 'Via')[0]!);
    const headers = status === 501 ? [{ name: 'Allow', value: ALLOW }] : [];
    if (via) transport.send(createResponse(partial, status, { toTag: newTag(), headers }), responseDestination(via));
  });

  function handleInDialog(request: SipRequest, tx: ServerTransaction | undefined): void {
    const e = essentials(request);
    const key = dialogKey(e.callId, e.to.params.tag ?? '', e.from.params.tag ?? '');
    if (request.method === 'ACK') {
      awaitingAck.get(key)?.();
      return;
    }
    const session = sessions.get(key);
    if (session) return session.receive(request, tx);
    // §12.2.2: a request for a dialog we do not know.
    tx?.reply(481);
  }

  function handleOutOfDialog(request: SipRequest, tx: ServerTransaction | undefined, source: Endpoint): void {
    if (!tx) return;
    switch (request.method) {
      case 'OPTIONS':
        // RFC 3261 §11.2: what we allow, accept and support.
        tx.reply(200, {
          toTag: newTag(),
          headers: [
            { name: 'Allow', value: ALLOW },
            { name: 'Accept', value: 'application/sdp' },
            ...(CAPABILITIES.supported.length > 0 ? [{ name: 'Supported', value: CAPABILITIES.supported.join(', ') }] : []),
            { name: 'Contact', value: contact },
          ],
        });
        return;
      case 'INVITE':
        return incomingInvite(request, tx, source);
      case 'BYE':
      case 'INFO':
        tx.reply(481, { toTag: newTag() });
        return;
      default:
        tx.reply(405, { toTag: newTag(), headers: [{ name: 'Allow', value: ALLOW }] });
    }
  }

  function incomingInvite(invite: SipRequest, tx: ServerTransaction, source: Endpoint): void {
    const localTag = newTag();
    const dialog = dialogFromRequest(invite, localTag);
    if (!incomingHandler) return void tx.reply(480, { toTag: localTag });
    if (!dialog) return void tx.reply(400, { toTag: localTag, reason: 'Missing Contact' });
    const verdict = admission.admit(source.host);
    if (verdict !== 'admitted') {
      // RFC 3261 §21.5.4: overloaded; Retry-After tells a trunk when to try this node again.
      refusedCalls++;
      return void tx.reply(503, { toTag: localTag, reason: verdict === 'full' ? 'All Lines Busy' : 'Too Many Calls', headers: [{ name: 'Retry-After', value: verdict === 'full' ? '5' : '1' }] });
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      admission.release();
    };
    const key = dialogKey(dialog.callId, localTag, dialog.remoteTag);
    const e = essentials(invite);
    let settled = false;
    const unanswered = timers.after(options.incoming?.unansweredMs ?? 10_000, () => {
      if (settled) return;
      settled = true;
      refusedCalls++;
      tx.reply(503, { toTag: localTag, headers: [{ name: 'Retry-After', value: '5' }] });
      release();
    });
    let resolveCancelled!: () => void;
    const cancelled = new Promise<void>((resolve) => (resolveCancelled = resolve));
    cancelHandlers.set(tx, () => {
      if (settled) return;
      settled = true;
      unanswered.cancel();
      tx.reply(487, { toTag: localTag });
      release();
      resolveCancelled();
    });
    tx.reply(180, { toTag: localTag, headers: [{ name: 'Contact', value: contact }] });
    incomingHandler({
      callId: e.callId,
      from: header(invite, 'From')!,
      to: header(invite, 'To')!,
      remoteSdp: invite.body.toString('utf8'),
      cancelled,
      reject(status) {
        if (settled) return;
        settled = true;
        unanswered.cancel();
        tx.reply(status, { toTag: localTag });
        release();
      },
      answer(sdp) {
        if (settled) return Promise.reject(new Error('sip.call.already_settled'));
        settled = true;
        unanswered.cancel();
        const session = createDialogSession({
          dialog, layer, contact, localSdp: sdp, remoteSdp: invite.body.toString('utf8'),
          onEnded: () => {
            sessions.delete(key);
            release();
          },
        });
        sessions.set(key, session);
        const ok = tx.reply(200, { toTag: localTag, headers: [{ name: 'Contact', value: contact }, { name: 'Allow', value: ALLOW }, { name: 'Content-Type', value: 'application/sdp' }], body: sdp });
        const destination = responseDestination(parseVia(headerValues(invite, 'Via')[0]!)!);
        return new Promise<EstablishedCall>((resolve, reject) => {
          // §13.3.1.4: the UAS core retransmits the 2xx (T1 doubling up to T2) until the ACK, for 64·T1.
          let interval = settings.t1;
          let retransmit = timers.after(interval, function again() {
            transport.send(ok, destination);
            interval = Math.min(interval * 2, settings.t2);
            retransmit = timers.after(interval, again);
          });
          const giveUp = timers.after(64 * settings.t1, () => {
            awaitingAck.delete(key);
            retransmit.cancel();
            // No ACK: confirm and end the session with a BYE (§13.3.1.4).
            void session.terminate('timeout');
            reject(new CallFailure('unreachable', undefined, 'no ACK for our 200 OK'));
          });
          awaitingAck.set(key, () => {
            awaitingAck.delete(key);
            retransmit.cancel();
            giveUp.cancel();
            resolve(session.call);
          });
        });
      },
    });
  }

  const registrar = trunk && proxy
    ? createRegistrar({
        layer, timers, registrar: proxy, domain: trunk.domain, username: trunk.username ?? trunk.callerId, password: trunk.password, contact,
        expiresSeconds: trunk.registerExpiresSeconds ?? 600, backoffMs: options.timers?.registerBackoffMs ?? 1000,
        maxBackoffMs: options.timers?.registerMaxBackoffMs ?? 300_000, now: () => Date.now(),
      })
    : undefined;

  const keepalive = trunk && proxy && trunk.keepaliveSeconds
    ? createKeepalive({ layer, timers, target: proxy, domain: trunk.domain, user, contact, intervalMs: trunk.keepaliveSeconds * 1000, now: () => Date.now() })
    : undefined;
  keepalive?.start();

  return {
    local: { ...transport.local },
    registration: registrar?.registration ?? { state: 'unregistered', onChange: () => () => {} },
    register() {
      if (!registrar) return Promise.reject(new Error('sip.registration.no_trunk'));
      return registrar.start();
    },
    trunkReachability: () => keepalive?.reachability(),
    call(callOptions) {
      const target = targetUri(callOptions.to, domain);
      if (!target) return Promise.reject(new TypeError(`sip.call.invalid_target: ${callOptions.to}`));
      const from = trunk
        ? `${trunk.displayName ? `"${trunk.displayName.replace(/"/g, '')}" ` : ''}<sip:${trunk.callerId}@${trunk.domain}>`
        : `<sip:${user}@${domain}>`;
      return placeCall({
        options: callOptions, target, from, contact, layer, timers, settings,
        send: (request, destination) => transport.send(request, destination),
        destination: proxy ?? uriEndpoint(target),
        credentials: trunk?.password !== undefined ? { username: trunk.username ?? trunk.callerId, password: trunk.password } : undefined,
        identity: trunk ? `<sip:${trunk.callerId}@${trunk.domain};user=phone>` : undefined,
        callId: `${randomBytes(12).toString('hex')}@${transport.local.host}`,
        onDialog(key, session, ack) {
          sessions.set(key, session);
          sentAcks.set(ack.callId, { ack: ack.request, destination: ack.destination });
          void session.call.ended.then(() => {
            sessions.delete(key);
            // Keep answering retransmitted 2xx for a while after the end (§13.2.2.4).
            timers.after(64 * settings.t1, () => sentAcks.delete(ack.callId));
          });
        },
      });
    },
    onIncomingCall(handler) {
      incomingHandler = handler;
    },
    counts: () => ({ dialogs: sessions.size, clientTransactions: layer.counts().clients, serverTransactions: layer.counts().servers, dropped: transport.stats.dropped + droppedRequests, timers: timers.pending(), incomingCalls: admission.counts().active, refusedCalls, rateSources: admission.counts().sources }),
    async close() {
      const moment = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      // Remove the registration, without waiting for a dead registrar longer than a moment.
      keepalive?.stop();
      if (registrar) await Promise.race([registrar.stop(), moment(Math.min(2000, 4 * settings.t1))]);
      // Hang up what is left, without waiting for slow peers longer than a moment.
      const byes = Promise.all([...sessions.values()].map((session) => session.call.hangup()));
      await Promise.race([byes, moment(Math.min(2000, 4 * settings.t1))]);
      timers.close();
      await transport.close();
    },
  };
}
