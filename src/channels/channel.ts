/**
 * The port every channel driver implements: send one message, get a typed outcome. Drivers hold
 * protocol; status reports that arrive later enter through the deliveries use cases.
 */
/**
 * `acknowledged`: the person confirmed during the send itself (a key pressed in a voice call); the
 * engine records the step as acknowledged and the person as reached, as a link or reply would.
 */
export const SEND_OUTCOMES = ['sent', 'delivered', 'acknowledged', 'failed_permanent', 'failed_retryable'] as const;
export type SendOutcomeKind = (typeof SEND_OUTCOMES)[number];

export type SendOutcome = {
  kind: SendOutcomeKind;
  /** The provider's id for the message (SMTP queue id, SMPP message id, SIP Call-ID). */
  providerId?: string;
  /** The provider's own words for a failure, kept for the console. */
  reason?: string;
};

/**
 * Whether a driver can reach its provider now, and since when (epoch ms) that holds. `reason` is
 * the provider's or the network's own words for being down, kept for the console.
 */
export type ChannelHealth = { up: boolean; since: number; reason?: string };

/** A channel driver: `send(message) → outcome`. Each channel names its own message type. */
export type ChannelDriver<M> = {
  name: string;
  send: (message: M) => Promise<SendOutcome>;
  close?: () => Promise<void>;
  /**
   * Drivers that hold a connection to their provider (SMPP) say whether it is up: the dispatcher
   * holds that channel's steps while it is down and lets red ones fall over to the next channel
   * (src/modules/deliveries/channel-health.ts). Without it, a channel counts as up.
   */
  health?: () => ChannelHealth;
};

export type LogFunction = (entry: Record<string, unknown>, message: string) => void;

/**
 * Development driver: writes what would be sent (links and codes included, so a developer can
 * follow them) to the log, and sends nothing.
 */
export function createLogDriver<M>({ log, describe, what }: { log: LogFunction; describe: (message: M) => Record<string, unknown>; what: string }): ChannelDriver<M> {
  let n = 0;
  return {
    name: 'log',
    async send(message) {
      n += 1;
      log(describe(message), `${what} (log driver, not sent)`);
      return { kind: 'sent', providerId: `log-${n}` };
    },
  };
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryDriver<M>(): ChannelDriver<M> & { sent: M[] } {
  const sent: M[] = [];
  return {
    name: 'memory',
    sent,
    async send(message) {
      sent.push(message);
      return { kind: 'sent', providerId: `memory-${sent.length}` };
    },
  };
}
