import type { ChannelHealth, SendOutcome } from '../../channels/channel.ts';
import type { Clock } from '../../shared/clock.ts';
import { DISPATCHED_CHANNELS, type DispatchedChannel } from './delivery-renderer.ts';

/**
 * Each channel's health as this node sees it: the driver's own (an SMPP bind that is up or not)
 * and the dispatcher's (sends that failed temporarily in a row). Only the driver's decides what the
 * dispatcher does (a down channel's steps wait; red ones fall over after a while): a channel
 * without a health probe that the dispatcher stopped using would never be seen to come back.
 */

/** `failing`: the driver says nothing is wrong, but the last sends all failed temporarily. */
export const CHANNEL_STATES = ['up', 'down', 'failing'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

/** Temporary failures in a row from which the console shows a channel as failing. */
export const FAILING_AFTER = 5;

export type ChannelHealthView = {
  channel: DispatchedChannel;
  state: ChannelState;
  /** Since when the state holds (epoch ms); null when nothing happened since start-up. */
  since: number | null;
  reason?: string;
  /** Temporary failures in a row (reset by a send that went out or failed for good). */
  failures: number;
};

type HealthSource = { health?: () => ChannelHealth } | undefined;

/** The pure rule: the driver's health first, then the dispatcher's run of failures. */
export function channelState(driver: ChannelHealth | undefined, run: { failures: number; since: number | null }): Pick<ChannelHealthView, 'state' | 'since' | 'reason'> {
  if (driver && !driver.up) return { state: 'down', since: driver.since, ...(driver.reason ? { reason: driver.reason } : {}) };
  if (run.failures >= FAILING_AFTER) return { state: 'failing', since: run.since };
  return { state: 'up', since: driver?.since ?? null };
}

/**
 * The health board of one process: the drivers are asked when somebody looks; the dispatcher
 * reports every outcome. Shared by the dispatcher (decisions) and the console (display).
 */
export function createChannelHealth({ drivers, clock }: { drivers: Partial<Record<DispatchedChannel, HealthSource>>; clock: Clock }) {
  const runs = new Map<DispatchedChannel, { failures: number; since: number | null }>();
  const runOf = (channel: DispatchedChannel) => runs.get(channel) ?? { failures: 0, since: null };

  function driverHealth(channel: DispatchedChannel): ChannelHealth | undefined {
    try {
      return drivers[channel]?.health?.();
    } catch {
      // A probe that throws says nothing about the provider: the channel counts as up.
      return undefined;
    }
  }

  return {
    /** The driver's health when it says the channel is down; undefined when up or unknown. */
    down(channel: DispatchedChannel): ChannelHealth | undefined {
      const health = driverHealth(channel);
      return health && !health.up ? health : undefined;
    },

    /**
     * The dispatcher's view: a run of temporary failures, ended by any other outcome. Their reasons
     * stay in the rows: a provider's words may name the recipient.
     */
    record(channel: DispatchedChannel, outcome: SendOutcome): void {
      if (outcome.kind !== 'failed_retryable') {
        runs.delete(channel);
        return;
      }
      const run = runOf(channel);
      runs.set(channel, { failures: run.failures + 1, since: run.since ?? clock.now() });
    },

    /** Every channel with a driver, in the console's order. */
    view(): ChannelHealthView[] {
      return DISPATCHED_CHANNELS.filter((channel) => drivers[channel] !== undefined).map((channel) => {
        const run = runOf(channel);
        return { channel, ...channelState(driverHealth(channel), run), failures: run.failures };
      });
    },
  };
}

export type ChannelHealthBoard = ReturnType<typeof createChannelHealth>;
