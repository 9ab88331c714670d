import { type Database, inTransaction } from '../../db/database.ts';
import { type DeliveriesRepository, createDeliveriesRepository } from './deliveries.repository.ts';

/** One write of an outcome; resolves to whether the dispatcher still held the lease. */
export type OutcomeWrite = (deliveries: DeliveriesRepository) => Promise<boolean>;

const MAX_GROUP = 200;

/**
 * Group commit for outcomes: the writes that arrive while one transaction runs go together in the
 * next one. One commit per send would cost more than the send itself (a WAL append on SQLite, a
 * flush to disk on PostgreSQL); grouped, a busy channel pays one commit for many sends, and a
 * quiet one still writes at once. Should a group fail, every write in it rejects, and those steps'
 * leases expire and they are sent again, as after a crash.
 */
export function createOutcomeRecorder({ database }: { database: Database }) {
  let queue: Array<{ write: OutcomeWrite; resolve: (held: boolean) => void; reject: (error: unknown) => void }> = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(MAX_GROUP);
      try {
        const results = await inTransaction(database, async (trx) => {
          const deliveries = createDeliveriesRepository({ database: trx });
          const held: boolean[] = [];
          for (const { write } of group) held.push(await write(deliveries));
          return held;
        });
        group.forEach(({ resolve }, i) => resolve(results[i]!));
      } catch (error) {
        for (const { reject } of group) reject(error);
      }
    }
  }

  function start() {
    // Set before the flush can end: it always awaits a transaction first.
    const running = flush().finally(() => {
      flushing = undefined;
      if (queue.length > 0) start();
    });
    flushing = running;
  }

  return {
    record(write: OutcomeWrite): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ write, resolve, reject });
        if (!flushing) start();
      });
    },
  };
}

export type OutcomeRecorder = ReturnType<typeof createOutcomeRecorder>;
