/**
 * Dialogs (RFC 3261 §12) and the established call on top of one: ACK for 2xx (§13.2.2.4), BYE in
 * both directions (§15), re-INVITE answered with the same media (§14.2), and SIP INFO carrying
 * DTMF (application/dtmf-relay and application/dtmf), the fallback when RFC 4733 is not offered.
 */
import { randomBytes } from 'node:crypto';
import { type SipUri, formatUri, parseNameAddr, parseUri } from './address.ts';
import { type SipRequest, type SipResponse, essentials, header, headerValues } from './message.ts';
import type { ServerTransaction, TransactionLayer } from './transaction.ts';
import type { Endpoint } from './transport.ts';

export type Dialog = {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** The From (UAC) or To (UAS) header of the dialog, without tag: our side. */
  localUri: string;
  remoteUri: string;
  localSeq: number;
  remoteSeq?: number;
  remoteTarget: string;
  /** Route set in the order requests use it (§12.1.1 and §12.1.2). */
  routeSet: string[];
};

export type DialogKey = string;
export const dialogKey = (callId: string, localTag: string, remoteTag: string): DialogKey => `${callId}|${localTag}|${remoteTag}`;

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

const stripTag = (value: string) => value.replace(/;\s*tag=[^;]*/i, '');

function contactUri(message: SipRequest | SipResponse): string | undefined {
  const contact = headerValues(message, 'Contact')[0];
  const parsed = contact ? parseNameAddr(contact) : undefined;
  return parsed && parsed.uri.scheme !== 'tel' ? formatUri(parsed.uri) : undefined;
}

/** §12.1.2: the UAC's dialog from a 2xx (or 1xx with tag): route set reversed from Record-Route. */
export function dialogFromResponse(invite: SipRequest, response: SipResponse): Dialog | undefined {
  const req = essentials(invite);
  const res = essentials(response);
  const remoteTag = res.to.params.tag;
  const remoteTarget = contactUri(response);
  if (!remoteTag || !remoteTarget) return undefined;
  return {
    callId: req.callId,
    localTag: req.from.params.tag ?? '',
    remoteTag,
    localUri: stripTag(header(invite, 'From')!),
    remoteUri: stripTag(header(response, 'To')!),
    localSeq: req.cseq.seq,
    remoteTarget,
    routeSet: headerValues(response, 'Record-Route').reverse(),
  };
}

/**
 * §12.1.1: the UAS's dialog from the INVITE: route set in Record-Route order. An RFC 2543 caller
 * may leave out Contact (RFC 4475 §3.4.1 inv2543): its From is then where requests go.
 */
export function dialogFromRequest(invite: SipRequest, localTag: string): Dialog | undefined {
  const req = essentials(invite);
  const remoteTarget = contactUri(invite) ?? (req.from.uri.scheme === 'tel' ? undefined : formatUri(req.from.uri));
  if (!remoteTarget) return undefined;
  return {
    callId: req.callId,
    localTag,
    remoteTag: req.from.params.tag ?? '',
    localUri: stripTag(header(invite, 'To')!),
    remoteUri: stripTag(header(invite, 'From')!),
    localSeq: Math.floor(Math.random() * 10_000) + 1,
    remoteSeq: req.cseq.seq,
    remoteTarget,
    routeSet: headerValues(invite, 'Record-Route'),
  };
}

export function uriEndpoint(uri: SipUri): Endpoint {
  return { host: uri.params.maddr ?? uri.host, port: uri.port ?? 5060 };
}

/**
 * §12.2.1.1: a request inside the dialog. Loose routing (`;lr`) keeps the remote target as
 * Request-URI and sends to the first route; a strict router gets the remote target as last Route.
 */
export function createInDialogRequest(
  dialog: Dialog,
  method: string,
  options: { via: string; contact: string; body?: Buffer; contentType?: string; cseq?: number; headers?: { name: string; value: string }[] },
): { request: SipRequest; destination: Endpoint } | undefined {
  const firstRoute = dialog.routeSet[0] ? parseNameAddr(dialog.routeSet[0]) : undefined;
  const loose = !firstRoute || 'lr' in firstRoute.uri.params;
  const uri = loose ? dialog.remoteTarget : firstRoute.uri;
  const routes = loose ? dialog.routeSet : [...dialog.routeSet.slice(1), `<${dialog.remoteTarget}>`];
  const next = firstRoute ? firstRoute.uri : parseUri(dialog.remoteTarget);
  if (!next) return undefined;
  const seq = options.cseq ?? (method === 'ACK' || method === 'CANCEL' ? dialog.localSeq : ++dialog.localSeq);
  const headers = [
    { name: 'Via', value: options.via },
    ...routes.map((value) => ({ name: 'Route', value })),
    { name: 'Max-Forwards', value: '70' },
    { name: 'From', value: `${dialog.localUri};tag=${dialog.localTag}` },
    { name: 'To', value: `${dialog.remoteUri};tag=${dialog.remoteTag}` },
    { name: 'Call-ID', value: dialog.callId },
    { name: 'CSeq', value: `${seq} ${method}` },
    { name: 'Contact', value: options.contact },
    ...(options.headers ?? []),
  ];
  if (options.body && options.body.length > 0) headers.push({ name: 'Content-Type', value: options.contentType ?? 'application/sdp' });
  return {
    request: { type: 'request', method, uri: typeof uri === 'string' ? uri : formatUri(uri), headers, body: options.body ?? Buffer.alloc(0) },
    destination: uriEndpoint(next),
  };
}

const DTMF_EVENTS = '0123456789*#ABCD';

/** The digit of an INFO body, or undefined: `Signal=5\r\nDuration=160` (dtmf-relay) or `5` (dtmf). */
export function dtmfFromInfo(contentType: string | undefined, body: Buffer): string | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = body.toString('utf8');
  let value: string | undefined;
  if (type === 'application/dtmf-relay') value = /^\s*signal\s*=\s*(\S+)\s*$/im.exec(text)?.[1];
  else if (type === 'application/dtmf') value = text.trim();
  if (!value) return undefined;
  // Event codes of RFC 4733 §3.2 (10 = *, 11 = #) are used by some gateways instead of the symbols.
  if (/^\d{2}$/.test(value)) return DTMF_EVENTS[Number(value)];
  value = value.toUpperCase();
  return value.length === 1 && DTMF_EVENTS.includes(value) ? value : undefined;
}

const DIRECTIONS = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' } as const;

/**
 * Our SDP as the answer to `offer` (RFC 3264 §6.1): the direction mirrors the offer's — a hold
 * (`sendonly`) is answered `recvonly`, `inactive` with `inactive`, a resume with `sendrecv` — and
 * the o= version goes up by one from `previous` when the answer differs from it (§8).
 */
export function answerSdp(offer: string, ours: string, previous: string): string {
  const offered = (/^a=(sendrecv|sendonly|recvonly|inactive)[ \t]*\r?$/m.exec(offer)?.[1] ?? 'sendrecv') as keyof typeof DIRECTIONS;
  const withoutDirection = ours.replace(/^a=(sendrecv|sendonly|recvonly|inactive)[ \t]*\r?\n/gm, '');
  // sendrecv is the default (RFC 4566 §6): our own SDP answers it as it is.
  let answer = offered === 'sendrecv' ? ours : withoutDirection.replace(/^(m=audio[^\r\n]*\r?\n)/m, `$1a=${DIRECTIONS[offered]}\r\n`);
  const version = /^o=\S+ \S+ (\d+)/m.exec(previous)?.[1];
  if (version !== undefined) answer = answer.replace(/^(o=\S+ \S+ )\d+/m, `$1${version}`);
  if (answer !== previous && version !== undefined) answer = answer.replace(/^(o=\S+ \S+ )\d+/m, `$1${BigInt(version) + 1n}`);
  return answer;
}

export type CallEnd = { by: 'remote' | 'local' | 'timeout' };

/** An established call: the dialog, its DTMF and its end. Created by the user agent on 2xx/ACK. */
export type EstablishedCall = {
  callId: string;
  remoteSdp: string;
  /** Digits of SIP INFO; the first listener also receives those that arrived before it. */
  onDtmf(listener: (digit: string) => void): void;
  ended: Promise<CallEnd>;
  hangup(): Promise<void>;
};

export type DialogSessionDeps = {
  dialog: Dialog;
  layer: TransactionLayer;
  contact: string;
  /** Our current SDP: answered again on re-INVITE, so media keeps flowing unchanged. */
  localSdp: string;
  remoteSdp: string;
  onEnded(end: CallEnd): void;
};

export function createDialogSession({ dialog, layer, contact, localSdp, remoteSdp, onEnded }: DialogSessionDeps) {
  const listeners: ((digit: string) => void)[] = [];
  /** INFO digits that arrived before anyone listened (before the ACK was processed), in order. */
  const earlyDigits: string[] = [];
  let finished = false;
  let resolveEnded!: (end: CallEnd) => void;
  const ended = new Promise<CallEnd>((resolve) => (resolveEnded = resolve));
  let currentRemoteSdp = remoteSdp;
  /** The SDP we last sent: a re-INVITE's answer keeps its o= version unless something changed. */
  let sentSdp = localSdp;

  function finish(end: CallEnd): void {
    if (finished) return;
    finished = true;
    onEnded(end);
    resolveEnded(end);
  }

  function receive(request: SipRequest, tx: ServerTransaction | undefined): void {
    if (request.method === 'ACK' || !tx) return;
    const { cseq } = essentials(request);
    // §12.2.2: a lower CSeq than the last one is out of order.
    if (dialog.remoteSeq !== undefined && cseq.seq <= dialog.remoteSeq && request.method !== 'CANCEL') {
      tx.reply(500, { headers: [{ name: 'Retry-After', value: '1' }] });
      return;
    }
    dialog.remoteSeq = cseq.seq;
    const contactHeader = { name: 'Contact', value: contact };
    switch (request.method) {
      case 'BYE':
        // §15.1.2: answer 200 and end the session.
        tx.reply(200);
        finish({ by: 'remote' });
        return;
      case 'INVITE': {
        // §14.2: a re-INVITE (session refresh, hold, codec change); we answer with the media we have,
        // in the direction the offer asks for (RFC 3264 §8.4: hold and resume).
        if (request.body.length > 0) {
          currentRemoteSdp = request.body.toString('utf8');
          sentSdp = answerSdp(currentRemoteSdp, localSdp, sentSdp);
        }
        const target = contactUri(request);
        if (target) dialog.remoteTarget = target;
        tx.reply(200, { toTag: dialog.localTag, headers: [contactHeader, { name: 'Content-Type', value: 'application/sdp' }], body: sentSdp });
        return;
      }
      case 'INFO': {
        const digit = dtmfFromInfo(header(request, 'Content-Type'), request.body);
        tx.reply(200);
        if (digit && listeners.length === 0 && earlyDigits.length < 64) earlyDigits.push(digit);
        else if (digit) for (const listener of listeners) listener(digit);
        return;
      }
      case 'OPTIONS':
        tx.reply(200, { headers: [contactHeader] });
        return;
      default:
        tx.reply(501);
    }
  }

  /** Sends BYE (§15.1.1) and ends the call as ended `by`. */
  function terminate(by: CallEnd['by']): Promise<void> {
    if (finished) return Promise.resolve();
    finished = true;
    const built = createInDialogRequest(dialog, 'BYE', { via: layer.via(), contact });
    return new Promise<void>((resolve) => {
      const done = (end: CallEnd) => {
        onEnded(end);
        resolveEnded(end);
        resolve();
      };
      if (!built) return done({ by });
      // §15.1.1: the session ends when the BYE is sent; a lost BYE (Timer F) still ends it.
      layer.sendRequest(built.request, built.destination, {
        onResponse: (response) => response.status >= 200 && done({ by }),
        onTimeout: () => done({ by }),
        onTransportError: () => done({ by }),
      });
    });
  }

  const call: EstablishedCall = {
    callId: dialog.callId,
    get remoteSdp() {
      return currentRemoteSdp;
    },
    onDtmf(listener) {
      listeners.push(listener);
      for (const digit of earlyDigits.splice(0)) listener(digit);
    },
    ended,
    hangup: () => terminate('local'),
  };

  return {
    call,
    receive,
    /** Ends the call with a BYE for another reason than our hangup (the 2xx was never acknowledged). */
    terminate,
  };
}

export type DialogSession = ReturnType<typeof createDialogSession>;
