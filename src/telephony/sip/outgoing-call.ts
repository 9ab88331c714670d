/**
 * An outgoing call as a UAC (RFC 3261 §13.2): INVITE, digest on 401/407 (§22.2), ring timeout and
 * AbortSignal ending in CANCEL (§9.1), ACK for 2xx, and the final response mapped to a typed failure.
 */
import { type SipUri, formatUri } from './address.ts';
import { type DialogSession, type EstablishedCall, createDialogSession, createInDialogRequest, dialogFromResponse, dialogKey, newTag } from './dialog.ts';
import { createDigestSession } from './digest.ts';
import { type SipHeader, type SipRequest, type SipResponse, essentials, headerValues } from './message.ts';
import type { TimerHandle, TimerQueue } from './timers.ts';
import type { TimerSettings, TransactionLayer } from './transaction.ts';
import type { Endpoint } from './transport.ts';

export const CALL_FAILURE_KINDS = ['busy', 'no_answer', 'rejected', 'unreachable', 'auth_failed', 'cancelled'] as const;
export type CallFailureKind = (typeof CALL_FAILURE_KINDS)[number];

export class CallFailure extends Error {
  readonly kind: CallFailureKind;
  readonly status?: number;
  readonly reason?: string;
  constructor(kind: CallFailureKind, status?: number, reason?: string) {
    super(`sip.call.${kind}${status ? ` (${status}${reason ? ` ${reason}` : ''})` : ''}`);
    this.name = 'CallFailure';
    this.kind = kind;
    this.status = status;
    this.reason = reason;
  }
}

export type CallOptions = {
  /** E.164 (`+32470123456`, sent as `sip:+32470123456@domain;user=phone`) or a `sip:` URI. */
  to: string;
  /** Our SDP offer, from the media layer. */
  sdp: string;
  /** Without an answer after this long the call is cancelled and fails as `no_answer`. */
  ringTimeoutMs: number;
  headers?: SipHeader[];
  /** Aborting a ringing call sends CANCEL; the call fails as `cancelled`. */
  signal?: AbortSignal;
};

/** Resolves on 200 OK once the ACK is sent. */
export type OutgoingCall = EstablishedCall;

/** Final responses to failure kinds (busy and no-answer are retried differently by the channel). */
export function failureKind(status: number): CallFailureKind {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 480) return 'no_answer';
  if (status === 401 || status === 407) return 'auth_failed';
  return 'rejected';
}

export type PlaceCallDeps = {
  options: CallOptions;
  target: SipUri;
  /** Our From without tag. */
  from: string;
  contact: string;
  identity?: string;
  callId: string;
  destination: Endpoint;
  credentials?: { username: string; password: string };
  layer: TransactionLayer;
  timers: TimerQueue;
  settings: TimerSettings;
  send(request: SipRequest, destination: Endpoint): void;
  onDialog(key: string, session: DialogSession, ack: { callId: string; request: SipRequest; destination: Endpoint }): void;
};

export function placeCall(deps: PlaceCallDeps): Promise<OutgoingCall> {
  const { options, layer, timers, settings, destination } = deps;
  const uri = formatUri(deps.target);
  const fromTag = newTag();
  const digest = deps.credentials ? createDigestSession(deps.credentials) : undefined;
  const body = Buffer.from(options.sdp, 'utf8');
  let cseq = 0;
  let invite!: SipRequest;
  let provisional = false;
  let answeredChallenge = false;
  let cancelKind: 'no_answer' | 'cancelled' | undefined;
  let cancelSent = false;
  let settled = false;
  const running: TimerHandle[] = [];

  return new Promise<OutgoingCall>((resolve, reject) => {
    const finish = (outcome: { call: OutgoingCall } | { failure: CallFailure }) => {
      if (settled) return;
      settled = true;
      for (const timer of running) timer.cancel();
      options.signal?.removeEventListener('abort', onAbort);
      if ('call' in outcome) resolve(outcome.call);
      else reject(outcome.failure);
    };

    function buildInvite(): SipRequest {
      const headers: SipHeader[] = [
        { name: 'Via', value: layer.via() },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `${deps.from};tag=${fromTag}` },
        { name: 'To', value: `<${uri}>` },
        { name: 'Call-ID', value: deps.callId },
        { name: 'CSeq', value: `${++cseq} INVITE` },
        { name: 'Contact', value: deps.contact },
        { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO' },
        ...(deps.identity ? [{ name: 'P-Asserted-Identity', value: deps.identity }] : []),
        ...(options.headers ?? []),
        { name: 'Content-Type', value: 'application/sdp' },
      ];
      const request: SipRequest = { type: 'request', method: 'INVITE', uri, headers, body };
      const auth = digest?.authorize('INVITE', uri, body);
      if (auth) headers.splice(headers.length - 1, 0, auth);
      return request;
    }

    function sendCancel(): void {
      if (cancelSent) return;
      cancelSent = true;
      // §9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via (branch) as the INVITE.
      const copy = (name: string) => headerValues(invite, name).map((value) => ({ name, value }));
      const cancel: SipRequest = {
        type: 'request',
        method: 'CANCEL',
        uri,
        headers: [
          { name: 'Via', value: headerValues(invite, 'Via')[0]! },
          ...copy('Route'),
          { name: 'Max-Forwards', value: '70' },
          ...copy('From'),
          ...copy('To'),
          ...copy('Call-ID'),
          { name: 'CSeq', value: `${essentials(invite).cseq.seq} CANCEL` },
        ],
        body: Buffer.alloc(0),
      };
      layer.sendRequest(cancel, destination, { onResponse: () => {}, onTimeout: () => {}, onTransportError: () => {} });
      // §9.1: without a final response to the INVITE 64·T1 after the CANCEL, give up on it.
      running.push(timers.after(64 * settings.t1, () => finish({ failure: new CallFailure(cancelKind ?? 'cancelled') })));
    }

    function cancel(kind: 'no_answer' | 'cancelled'): void {
      if (settled || cancelKind) return;
      cancelKind = kind;
      // §9.1: a CANCEL must not be sent before a provisional response; it goes out with the first one.
      if (provisional) sendCancel();
    }

    function onAbort(): void {
      cancel('cancelled');
    }

    function answered(response: SipResponse): void {
      const dialog = dialogFromResponse(invite, response);
      if (!dialog) return finish({ failure: new CallFailure('rejected', response.status, 'answer without Contact or To tag') });
      const ack = createInDialogRequest(dialog, 'ACK', { via: layer.via(), contact: deps.contact, cseq: dialog.localSeq });
      if (!ack) return finish({ failure: new CallFailure('rejected', response.status, 'unroutable answer') });
      deps.send(ack.request, ack.destination);
      const session = createDialogSession({ dialog, layer, contact: deps.contact, localSdp: options.sdp, remoteSdp: response.body.toString('utf8'), onEnded: () => {} });
      deps.onDialog(dialogKey(dialog.callId, dialog.localTag, dialog.remoteTag), session, { callId: dialog.callId, request: ack.request, destination: ack.destination });
      if (cancelKind) {
        // The answer crossed our CANCEL: the call exists, so end it properly with BYE (§15).
        void session.call.hangup();
        return finish({ failure: new CallFailure(cancelKind) });
      }
      finish({ call: session.call });
    }

    function sendInvite(): void {
      invite = buildInvite();
      provisional = false;
      cancelSent = false;
      layer.sendRequest(invite, destination, {
        onResponse(response) {
          if (settled) return;
          if (response.status < 200) {
            provisional = true;
            if (cancelKind) sendCancel();
            return;
          }
          if (response.status < 300) return answered(response);
          if ((response.status === 401 || response.status === 407) && digest && !cancelKind) {
            const name = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
            if (digest.challenged(response.status, headerValues(response, name), answeredChallenge)) {
              answeredChallenge = true;
              return sendInvite();
            }
          }
          if (response.status === 487 && cancelKind) return finish({ failure: new CallFailure(cancelKind, 487, response.reason) });
          finish({ failure: new CallFailure(failureKind(response.status), response.status, response.reason) });
        },
        onTimeout: () => finish({ failure: new CallFailure(cancelKind ?? 'unreachable', undefined, 'no response (Timer B)') }),
        onTransportError: (error) => finish({ failure: new CallFailure('unreachable', undefined, error.message) }),
      });
    }

    if (options.signal?.aborted) return finish({ failure: new CallFailure('cancelled') });
    options.signal?.addEventListener('abort', onAbort);
    running.push(timers.after(options.ringTimeoutMs, () => cancel('no_answer')));
    sendInvite();
  });
}
