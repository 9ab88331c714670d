import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/database.ts';

/** The PostgreSQL notification channel on which a committed plan wakes every node's dispatcher. */
export const DELIVERIES_NOTIFY_CHANNEL = 'waakzaam_deliveries';

type Listener = () => void;
type WakeupLog = { warn: (entry: Record<string, unknown>, message: string) => void; info: (entry: Record<string, unknown>, message: string) => void };

// SQLite has one writer and the dispatcher lives in the same process: an in-process notifier per
// database file (keyed by the handle, so test databases never wake each other).
const localListeners = new Map<unknown, Set<Listener>>();
const localKey = (database: Database): unknown => database.sqlite ?? database.location;

/**
 * Tells the dispatchers that steps were planned. Call it after the plan's transaction committed.
 * On PostgreSQL it is a NOTIFY (inside a transaction PostgreSQL holds it until the commit, so
 * calling it there is safe too); every listening node wakes up, the polls remain the safety net.
 */
export async function notifyPlanned(database: Database): Promise<void> {
  if (database.dialect === 'postgres') {
    await sql`select pg_notify(${DELIVERIES_NOTIFY_CHANNEL}, '')`.execute(database.db);
    return;
  }
  for (const listener of localListeners.get(localKey(database)) ?? []) listener();
}

export type Wakeups = {
  /** Resolves once wake-ups arrive (on PostgreSQL: the first LISTEN is in place). */
  ready: Promise<void>;
  close: () => Promise<void>;
};

/**
 * Calls `onWake` when a plan is announced. PostgreSQL: a dedicated connection LISTENs (a pooled
 * one cannot: it would be handed to other queries), reconnecting with a growing pause after an
 * error, and waking once after each (re)connection for what it may have missed. Without a
 * connection string only the poll wakes the dispatcher.
 */
export function listenForPlans({
  database,
  connectionString,
  onWake,
  log,
  name = 'waakzaam-dispatcher',
}: {
  database: Database;
  connectionString?: string;
  onWake: Listener;
  log: WakeupLog;
  /** The connection's application_name, so that pg_stat_activity shows whose it is. */
  name?: string;
}): Wakeups {
  if (database.dialect === 'sqlite') {
    const key = localKey(database);
    const listeners = localListeners.get(key) ?? new Set<Listener>();
    localListeners.set(key, listeners);
    listeners.add(onWake);
    return {
      ready: Promise.resolve(),
      close: async () => {
        listeners.delete(onWake);
        if (listeners.size === 0) localListeners.delete(key);
      },
    };
  }
  if (!connectionString) return { ready: Promise.resolve(), close: async () => {} };

  let closed = false;
  let current: pg.Client | undefined;
  let pauseMs = 1000;
  let retryTimer: NodeJS.Timeout | undefined;
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => (listening = resolve));

  const dropAndRetry = (client: pg.Client, error?: Error) => {
    if (client !== current || closed) return;
    current = undefined;
    if (error) log.warn({ err: error, retryInMs: pauseMs }, 'delivery wake-ups: connection lost, reconnecting');
    client.end().catch(() => {});
    retryTimer = setTimeout(() => void connect(), pauseMs);
    pauseMs = Math.min(pauseMs * 2, 30_000);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const client = new pg.Client({ connectionString, application_name: name.slice(0, 63) });
    current = client;
    client.on('notification', () => onWake());
    client.on('error', (error) => dropAndRetry(client, error));
    client.on('end', () => dropAndRetry(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${DELIVERIES_NOTIFY_CHANNEL}`);
      if (closed) {
        await client.end();
        return;
      }
      if (pauseMs > 1000) log.info({}, 'delivery wake-ups: listening again');
      pauseMs = 1000;
      listening();
      onWake();
    } catch (error) {
      dropAndRetry(client, error as Error);
    }
  }

  void connect();
  return {
    ready,
    close: async () => {
      closed = true;
      listening();
      clearTimeout(retryTimer);
      const client = current;
      current = undefined;
      await client?.end().catch(() => {});
    },
  };
}
