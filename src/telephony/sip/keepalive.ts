/**
 * Whether the trunk answers: an OPTIONS request (RFC 3261 §11) every interval, as PBXs "qualify"
 * their trunks. Any final response means a SIP peer is there (even 404 or 405: it parsed us and
 * answered), except 503, by which it says it cannot serve now. No response before Timer F, or a
 * transport error, means unreachable. The first probe goes out at once.
 */
import { randomBytes } from 'node:crypto';
import type { SipRequest } from './message.ts';
import type { TimerHandle, TimerQueue } from './timers.ts';
import type { TransactionLayer } from './transaction.ts';
import type { Endpoint } from './transport.ts';

export const REACHABILITY_STATES = ['unknown', 'reachable', 'unreachable'] as const;
export type ReachabilityState = (typeof REACHABILITY_STATES)[number];

export type Reachability = {
  state: ReachabilityState;
  /** Epoch ms since when the state holds. */
  since: number;
  /** Why unreachable: "no response to OPTIONS", "503 Service Unavailable". */
  reason?: string;
};

export type KeepaliveOptions = {
  layer: TransactionLayer;
  timers: TimerQueue;
  target: Endpoint;
  domain: string;
  /** Our address of record's user part (the From of the probe). */
  user: string;
  contact: string;
  intervalMs: number;
  now: () => number;
};

export function createKeepalive(options: KeepaliveOptions) {
  const { layer, timers, target, domain } = options;
  const fromTag = randomBytes(6).toString('hex');
  let current: Reachability = { state: 'unknown', since: options.now() };
  let next: TimerHandle | undefined;
  let stopped = true;

  function set(state: ReachabilityState, reason?: string): void {
    if (state === current.state && reason === current.reason) return;
    current = { state, since: state === current.state ? current.since : options.now(), ...(reason ? { reason } : {}) };
  }

  function probe(): SipRequest {
    return {
      type: 'request',
      method: 'OPTIONS',
      uri: `sip:${domain}`,
      headers: [
        { name: 'Via', value: layer.via() },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<sip:${options.user}@${domain}>;tag=${fromTag}` },
        { name: 'To', value: `<sip:${domain}>` },
        { name: 'Call-ID', value: `${randomBytes(10).toString('hex')}@${domain}` },
        { name: 'CSeq', value: '1 OPTIONS' },
        { name: 'Contact', value: options.contact },
        { name: 'Accept', value: 'application/sdp' },
      ],
      body: Buffer.alloc(0),
    };
  }

  function send(): void {
    if (stopped) return;
    const schedule = () => {
      if (!stopped) next = timers.after(options.intervalMs, send);
    };
    layer.sendRequest(probe(), target, {
      onResponse(response) {
        if (response.status < 200) return;
        if (response.status === 503) set('unreachable', `503 ${response.reason}`.trim());
        else set('reachable');
        schedule();
      },
      onTimeout() {
        set('unreachable', 'no response to OPTIONS');
        schedule();
      },
      onTransportError() {
        set('unreachable', 'cannot send to the trunk');
        schedule();
      },
    });
  }

  return {
    reachability: (): Reachability => ({ ...current }),
    start(): void {
      if (!stopped) return;
      stopped = false;
      send();
    },
    stop(): void {
      stopped = true;
      next?.cancel();
    },
  };
}
