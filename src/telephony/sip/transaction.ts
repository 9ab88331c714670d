/**
 * The transaction layer of RFC 3261 §17: client and server, INVITE and non-INVITE, with their
 * retransmission and timeout timers over UDP. States are closed unions with one transition guard
 * per machine; every timer lives in the shared timer queue.
 */
import { randomBytes } from 'node:crypto';
import { formatVia, parseVia } from './address.ts';
import { type SipRequest, type SipResponse, createResponse, essentials, header, headerValues } from './message.ts';
import type { TimerHandle, TimerQueue } from './timers.ts';
import { type Endpoint, type Transport, responseDestination } from './transport.ts';

export type TimerSettings = {
  /** RTT estimate, 500 ms by default (RFC 3261 §17.1.1.1); tests shrink it. */
  t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses. */
  t2: number;
  /** Maximum time a message stays in the network. */
  t4: number;
  /** Timer D: wait for response retransmits after a non-2xx final, ≥ 32 s over UDP. */
  timerD: number;
};

export const DEFAULT_TIMERS: TimerSettings = { t1: 500, t2: 4000, t4: 5000, timerD: 32_000 };

export const CLIENT_INVITE_STATES = ['calling', 'proceeding', 'completed', 'terminated'] as const;
export const CLIENT_NON_INVITE_STATES = ['trying', 'proceeding', 'completed', 'terminated'] as const;
// 'accepted' is RFC 6026 §7.1: after a 2xx the transaction absorbs retransmitted INVITEs for 64·T1.
export const SERVER_INVITE_STATES = ['proceeding', 'accepted', 'completed', 'confirmed', 'terminated'] as const;
export const SERVER_NON_INVITE_STATES = ['trying', 'proceeding', 'completed', 'terminated'] as const;
type State = (typeof CLIENT_INVITE_STATES)[number] | (typeof SERVER_INVITE_STATES)[number] | (typeof CLIENT_NON_INVITE_STATES)[number];

// Figures 5 to 8 of RFC 3261 §17 as data: the allowed transitions per machine.
const TRANSITIONS: Record<'clientInvite' | 'clientNonInvite' | 'serverInvite' | 'serverNonInvite', Partial<Record<State, State[]>>> = {
  clientInvite: { calling: ['proceeding', 'completed', 'terminated'], proceeding: ['completed', 'terminated'], completed: ['terminated'] },
  clientNonInvite: { trying: ['proceeding', 'completed', 'terminated'], proceeding: ['completed', 'terminated'], completed: ['terminated'] },
  serverInvite: { proceeding: ['accepted', 'completed', 'terminated'], accepted: ['terminated'], completed: ['confirmed', 'terminated'], confirmed: ['terminated'] },
  serverNonInvite: { trying: ['proceeding', 'completed', 'terminated'], proceeding: ['completed', 'terminated'], completed: ['terminated'] },
};

/** What the transaction user (dialog, user agent) hears from a client transaction. */
export type ClientTransactionUser = {
  onResponse(response: SipResponse): void;
  /** Timer B or F: no final response (RFC 3261 §17.1.1.2, §17.1.2.2). */
  onTimeout(): void;
  onTransportError(error: Error): void;
};

export type ClientTransaction = { readonly request: SipRequest; readonly state: State };

export type ServerTransaction = {
  readonly request: SipRequest;
  readonly state: State;
  respond(response: SipResponse): void;
  /** Shorthand for `respond(createResponse(request, status, …))`. */
  reply(status: number, options?: Parameters<typeof createResponse>[2]): SipResponse;
  /** Forgets the transaction without answering (a request dropped under load). */
  abandon(): void;
};

export type TransactionLayerHooks = {
  /** A new request (not a retransmission). ACK for 2xx arrives with no transaction. */
  onRequest(request: SipRequest, transaction: ServerTransaction | undefined, source: Endpoint): void;
  /** A CANCEL matching a pending INVITE server transaction (RFC 3261 §9.2); the layer answered it 200. */
  onCancel(invite: ServerTransaction, cancel: SipRequest): void;
  /** A response no client transaction owns: 2xx retransmissions of INVITE (RFC 3261 §13.2.2.4). */
  onStrayResponse(response: SipResponse): void;
};

/** RFC 3261 §8.1.1.7: branches start with the magic cookie. */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(10).toString('hex')}`;
}

function topBranch(message: SipRequest | SipResponse): string {
  const via = parseVia(headerValues(message, 'Via')[0] ?? '');
  const branch = via?.params.branch;
  // RFC 2543 peers send no cookie: fall back on the dialog identifiers (RFC 3261 §17.2.3).
  if (branch && branch.startsWith('z9hG4bK')) return `${branch}|${via?.host}:${via?.port ?? ''}`;
  const e = essentials(message);
  return `${e.callId}|${e.from.params.tag ?? ''}|${e.cseq.seq}|${via?.host}:${via?.port ?? ''}`;
}

export function createTransactionLayer({ transport, timers, settings, hooks }: { transport: Transport; timers: TimerQueue; settings: TimerSettings; hooks: TransactionLayerHooks }) {
  const clients = new Map<string, { tx: ClientTransaction; receive(response: SipResponse): void }>();
  const servers = new Map<string, { tx: ServerTransaction; retransmitted(request: SipRequest): void; acked(): boolean }>();
  const reliable = false; // UDP only for now: every retransmission timer runs.

  function guard(machine: keyof typeof TRANSITIONS, from: State, to: State): void {
    if (!TRANSITIONS[machine][from]?.includes(to)) throw new Error(`SIP ${machine} transaction: ${from} → ${to} is not allowed`);
  }

  /** Sends `request` to `destination` in a new client transaction (the request carries its Via). */
  function sendRequest(request: SipRequest, destination: Endpoint, user: ClientTransactionUser): ClientTransaction {
    const invite = request.method === 'INVITE';
    const machine = invite ? 'clientInvite' : 'clientNonInvite';
    const key = `${topBranch(request)}|${request.method}`;
    let state: State = invite ? 'calling' : 'trying';
    const running: TimerHandle[] = [];
    let retransmit: TimerHandle | undefined;
    let lastFinal: SipResponse | undefined;

    const tx: ClientTransaction = { request, get state() { return state; } };
    const move = (to: State) => {
      guard(machine, state, to);
      state = to;
      if (to === 'terminated') {
        for (const timer of running) timer.cancel();
        retransmit?.cancel();
        clients.delete(key);
      }
    };
    const send = () => transport.send(request, destination, (error) => {
      if (state === 'terminated') return;
      move('terminated');
      user.onTransportError(error);
    });

    // Timer A (INVITE: doubling, §17.1.1.2) or E (non-INVITE: doubling up to T2, §17.1.2.2).
    const scheduleRetransmit = (interval: number) => {
      if (reliable) return;
      retransmit = timers.after(interval, () => {
        if (state !== 'calling' && state !== 'trying' && state !== 'proceeding') return;
        send();
        scheduleRetransmit(invite ? interval * 2 : state === 'proceeding' ? settings.t2 : Math.min(interval * 2, settings.t2));
      });
    };

    // Timer B / F: 64·T1 without a final response ends the transaction.
    running.push(
      timers.after(64 * settings.t1, () => {
        if (invite ? state !== 'calling' : state !== 'trying' && state !== 'proceeding') return;
        move('terminated');
        user.onTimeout();
      }),
    );

    function ackFor(response: SipResponse): SipRequest {
      // RFC 3261 §17.1.1.3: the ACK of a non-2xx has the INVITE's top Via, URI, From, Call-ID, Routes and CSeq number.
      const e = essentials(request);
      return {
        type: 'request',
        method: 'ACK',
        uri: request.uri,
        headers: [
          { name: 'Via', value: headerValues(request, 'Via')[0]! },
          ...headerValues(request, 'Route').map((value) => ({ name: 'Route', value })),
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: header(request, 'From')! },
          { name: 'To', value: header(response, 'To')! },
          { name: 'Call-ID', value: e.callId },
          { name: 'CSeq', value: `${e.cseq.seq} ACK` },
        ],
        body: Buffer.alloc(0),
      };
    }

    function receive(response: SipResponse): void {
      const provisional = response.status < 200;
      if (invite) {
        if (state === 'completed') {
          if (!provisional && response.status >= 300 && lastFinal) transport.send(ackFor(lastFinal), destination);
          return;
        }
        if (provisional) {
          if (state === 'calling') {
            move('proceeding');
            retransmit?.cancel();
          }
          user.onResponse(response);
        } else if (response.status < 300) {
          // §17.1.1.2: a 2xx ends the transaction; the core sends the ACK and absorbs retransmits.
          move('terminated');
          user.onResponse(response);
        } else {
          lastFinal = response;
          move('completed');
          retransmit?.cancel();
          transport.send(ackFor(response), destination);
          running.push(timers.after(reliable ? 0 : Math.max(settings.timerD, 0), () => state === 'completed' && move('terminated')));
          user.onResponse(response);
        }
        return;
      }
      if (state === 'completed') return;
      if (provisional) {
        if (state === 'trying') move('proceeding');
        user.onResponse(response);
        return;
      }
      move('completed');
      retransmit?.cancel();
      // Timer K: absorb retransmitted finals for T4.
      running.push(timers.after(reliable ? 0 : settings.t4, () => state === 'completed' && move('terminated')));
      user.onResponse(response);
    }

    clients.set(key, { tx, receive });
    send();
    scheduleRetransmit(settings.t1);
    return tx;
  }

  function createServer(request: SipRequest, key: string) {
    const invite = request.method === 'INVITE';
    const machine = invite ? 'serverInvite' : 'serverNonInvite';
    let state: State = invite ? 'proceeding' : 'trying';
    let last: SipResponse | undefined;
    const running: TimerHandle[] = [];
    const via = parseVia(headerValues(request, 'Via')[0] ?? '');
    const destination = via ? responseDestination(via) : undefined;

    const move = (to: State) => {
      guard(machine, state, to);
      state = to;
      if (to === 'terminated') {
        for (const timer of running) timer.cancel();
        servers.delete(key);
      }
    };
    const send = (response: SipResponse) => destination && transport.send(response, destination);

    const tx: ServerTransaction = {
      request,
      get state() { return state; },
      respond(response) {
        if (state !== 'trying' && state !== 'proceeding') return;
        last = response;
        send(response);
        if (response.status < 200) {
          if (state === 'trying') move('proceeding');
          return;
        }
        if (!invite) {
          move('completed');
          // Timer J: answer retransmitted requests for 64·T1.
          running.push(timers.after(reliable ? 0 : 64 * settings.t1, () => state === 'completed' && move('terminated')));
          return;
        }
        if (response.status < 300) {
          // RFC 6026 §7.1: Accepted; the core retransmits the 2xx until the ACK, and a retransmitted
          // INVITE must not start a second call, so the transaction lives on for Timer L (64·T1).
          move('accepted');
          running.push(timers.after(64 * settings.t1, () => state === 'accepted' && move('terminated')));
          return;
        }
        move('completed');
        // Timer G retransmits the final (doubling up to T2); Timer H gives up waiting for the ACK.
        const retransmit = (interval: number) => {
          running.push(timers.after(interval, () => {
            if (state !== 'completed') return;
            send(response);
            retransmit(Math.min(interval * 2, settings.t2));
          }));
        };
        if (!reliable) retransmit(settings.t1);
        running.push(timers.after(64 * settings.t1, () => state === 'completed' && move('terminated')));
      },
      reply(status, options) {
        const response = createResponse(request, status, options);
        tx.respond(response);
        return response;
      },
      abandon() {
        if (state !== 'terminated') move('terminated');
      },
    };
    const entry = {
      tx,
      retransmitted() {
        // In Accepted the core's own 2xx retransmissions answer the INVITE (RFC 6026 §7.1).
        if (last && state !== 'confirmed' && state !== 'trying' && state !== 'accepted') send(last);
      },
      acked() {
        if (state !== 'completed') return false;
        move('confirmed');
        // Timer I: absorb ACK retransmissions for T4.
        running.push(timers.after(reliable ? 0 : settings.t4, () => state === 'confirmed' && move('terminated')));
        return true;
      },
    };
    servers.set(key, entry);
    return entry;
  }

  function receiveRequest(request: SipRequest, source: Endpoint): void {
    const branchKey = topBranch(request);
    if (request.method === 'ACK') {
      // §17.2.3: the ACK of a non-2xx matches the INVITE transaction; the ACK of a 2xx goes to the core.
      if (servers.get(`${branchKey}|INVITE`)?.acked()) return;
      hooks.onRequest(request, undefined, source);
      return;
    }
    const key = `${branchKey}|${request.method}`;
    const existing = servers.get(key);
    if (existing) {
      existing.retransmitted(request);
      return;
    }
    const server = createServer(request, key);
    if (request.method === 'CANCEL') {
      const invite = servers.get(`${branchKey}|INVITE`);
      // §9.2: 481 when nothing matches; otherwise 200 to the CANCEL, and the TU answers the INVITE 487.
      if (!invite) {
        server.tx.reply(481);
        return;
      }
      server.tx.reply(200);
      if (invite.tx.state === 'proceeding') hooks.onCancel(invite.tx, request);
      return;
    }
    if (request.method === 'INVITE') server.tx.reply(100);
    hooks.onRequest(request, server.tx, source);
  }

  function receiveResponse(response: SipResponse): void {
    const method = essentials(response).cseq.method.toUpperCase();
    const client = clients.get(`${topBranch(response)}|${method}`);
    if (client) client.receive(response);
    else hooks.onStrayResponse(response);
  }

  return {
    sendRequest,
    receive(message: SipRequest | SipResponse, source: Endpoint) {
      if (message.type === 'request') receiveRequest(message, source);
      else receiveResponse(message);
    },
    /** Builds our Via for a new request (RFC 3581: ask for rport). */
    via(branch = newBranch()): string {
      return formatVia({ protocol: 'SIP/2.0', transport: transport.protocol, host: transport.local.host, port: transport.local.port, params: { branch, rport: null } });
    },
    counts: () => ({ clients: clients.size, servers: servers.size }),
  };
}

export type TransactionLayer = ReturnType<typeof createTransactionLayer>;
