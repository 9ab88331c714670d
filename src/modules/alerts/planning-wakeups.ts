import type { Database } from '../../db/database.ts';

type Listener = () => void;

// The node that commits a planning job has a planner of its own: an in-process signal starts it at
// once. Planners of other nodes (PostgreSQL) find the job at their next poll, or take it over when
// its lease runs out.
const listeners = new Map<unknown, Set<Listener>>();
const keyOf = (database: Database): unknown => database.sqlite ?? database.location;

/** Wakes this process's planners of the database; call it after the job's transaction committed. */
export function announcePlanningJob(database: Database): void {
  for (const listener of listeners.get(keyOf(database)) ?? []) listener();
}

/** Calls `onWake` when a planning job of the database is committed in this process; returns the unsubscribe. */
export function onPlanningJob(database: Database, onWake: Listener): () => void {
  const key = keyOf(database);
  const set = listeners.get(key) ?? new Set<Listener>();
  listeners.set(key, set);
  set.add(onWake);
  return () => {
    set.delete(onWake);
    if (set.size === 0) listeners.delete(key);
  };
}
