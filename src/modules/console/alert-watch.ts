import { LIVE_SIGHTINGS } from '../alerts/sightings.models.ts';
import type { SightingSummary } from '../alerts/sightings.repository.ts';
import type { DeliveryCount } from '../deliveries/deliveries.repository.ts';
import type { ConsoleRepository, Reach } from './console.repository.ts';

/** What a live view of an alert receives: the counts, the reach, the newest step changes and the newest sightings. */
export type AlertSnapshot = {
  alertId: string;
  counts: DeliveryCount[];
  reach: Reach;
  changes: Array<{ channel: string; status: string; at: number }>;
  /** Members' sightings of the alert's incident, newest first. */
  sightings: SightingSummary[];
};

/** Where the members' sightings of an alert's incident come from (src/modules/alerts/sightings.repository.ts). */
export type SightingsSource = { changeMark: (alertId: string) => Promise<string>; newestForAlert: (alertId: string, limit: number) => Promise<SightingSummary[]> };

type Listener = (snapshot: AlertSnapshot) => void;

type Watched = { listeners: Set<Listener>; timer: NodeJS.Timeout; mark: string | undefined; busy: boolean; last: AlertSnapshot | undefined };

const NEWEST_CHANGES = 10;

/**
 * Live progress of alerts for any number of viewers. Status changes of deliveries raise no
 * notification (the engine only announces new plans), so each watched alert is polled once per
 * `intervalMs`, shared by all its viewers, and only a change of its fingerprint loads and sends a
 * new snapshot. The same on SQLite and PostgreSQL, and it works across nodes.
 */
export function createAlertWatches({
  consoleRepository,
  countsForAlert,
  sightings,
  intervalMs = 1000,
}: {
  consoleRepository: ConsoleRepository;
  countsForAlert: (alertId: string) => Promise<DeliveryCount[]>;
  sightings?: SightingsSource;
  intervalMs?: number;
}) {
  const watched = new Map<string, Watched>();
  let closed = false;

  async function snapshotOf(alertId: string): Promise<AlertSnapshot> {
    const [counts, reach, changes] = [await countsForAlert(alertId), await consoleRepository.reachOf([alertId]), await consoleRepository.recentChanges(alertId, NEWEST_CHANGES)];
    const newest = sightings ? await sightings.newestForAlert(alertId, LIVE_SIGHTINGS) : [];
    return { alertId, counts, reach: reach.get(alertId) ?? { total: 0, reached: 0, acknowledged: 0, shared: 0 }, changes, sightings: newest };
  }

  async function poll(alertId: string, entry: Watched, force: boolean): Promise<void> {
    if (entry.busy) return;
    entry.busy = true;
    try {
      // A sighting changes nothing in the deliveries: it has a fingerprint of its own.
      const mark = `${await consoleRepository.changeMark(alertId)}|${sightings ? await sightings.changeMark(alertId) : ''}`;
      if (!force && mark === entry.mark) return;
      entry.mark = mark;
      entry.last = await snapshotOf(alertId);
      for (const listener of entry.listeners) listener(entry.last);
    } catch {
      // A failed poll (database busy, closing) is retried on the next tick.
    } finally {
      entry.busy = false;
    }
  }

  return {
    /** Calls `listener` with the current snapshot at once, then on every change; returns the unsubscribe. */
    async subscribe(alertId: string, listener: Listener): Promise<() => void> {
      if (closed) return () => {};
      let entry = watched.get(alertId);
      if (!entry) {
        const created: Watched = { listeners: new Set(), mark: undefined, busy: false, last: undefined, timer: setInterval(() => void poll(alertId, created, false), intervalMs) };
        created.timer.unref();
        entry = created;
        watched.set(alertId, entry);
      }
      entry.listeners.add(listener);
      listener(entry.last ?? (await snapshotOf(alertId)));
      const current = entry;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0 && watched.get(alertId) === current) {
          clearInterval(current.timer);
          watched.delete(alertId);
        }
      };
    },

    /** How many alerts are polled now (one per alert, however many viewers). */
    get size(): number {
      return watched.size;
    },

    close(): void {
      closed = true;
      for (const entry of watched.values()) clearInterval(entry.timer);
      watched.clear();
    },
  };
}

export type AlertWatches = ReturnType<typeof createAlertWatches>;
