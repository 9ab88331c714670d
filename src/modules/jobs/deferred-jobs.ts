import { hostname } from 'node:os';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import { createDeferredJobsRepository } from './deferred-jobs.repository.ts';

/** Tries per job; then it is dropped with an error in the log. */
export const MAX_JOB_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const FIRST_RETRY_MS = 30_000;

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

/**
 * Work done after the response. A request whose answer must not depend on whether an account or
 * member exists (sign-in links, password resets) only counts its rate limits and writes one row
 * here, the same row whatever the address; what depends on the account (a token, an e-mail, an
 * SMS, a call) runs in this queue, on this node right after the response, or on any node by the
 * periodic poll when this one died first. Rows are deleted once done.
 */
export function createDeferredJobs({ database, clock, ids, logger }: { database: Database; clock: Clock; ids: IdGenerator; logger: Logger }) {
  const jobs = createDeferredJobsRepository({ database });
  const handlers = new Map<string, JobHandler>();
  const owner = `${hostname()}:${process.pid}:${ids.token(6)}`;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(): Promise<number> {
    const claimed = await jobs.claim({ kinds: [...handlers.keys()], owner, now: clock.now(), leaseMs: LEASE_MS, limit: 20 });
    for (const job of claimed) {
      try {
        await handlers.get(job.kind)!(JSON.parse(job.payload) as Record<string, unknown>);
        await jobs.remove(job.id, owner);
      } catch (error) {
        if (job.attempts >= MAX_JOB_ATTEMPTS) {
          logger.error({ err: error, kind: job.kind, attempts: job.attempts }, 'deferred job given up');
          await jobs.remove(job.id, owner);
        } else {
          logger.warn({ err: error, kind: job.kind, attempts: job.attempts }, 'deferred job failed, will retry');
          await jobs.retryLater(job.id, owner, clock.now() + FIRST_RETRY_MS * 2 ** (job.attempts - 1));
        }
      }
    }
    return claimed.length;
  }

  /** Runs due jobs until none is left; a call while running makes it look once more. */
  function kick(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      // After the current I/O turn, so the response that enqueued has left first.
      await new Promise((resolve) => setImmediate(resolve));
      do {
        again = false;
        try {
          while ((await runOnce()) > 0);
        } catch (error) {
          logger.error({ err: error }, 'deferred jobs could not be run');
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  }

  return {
    /** Registers what a kind of job does (once per kind, by the module that enqueues it). */
    handle(kind: string, handler: JobHandler): void {
      handlers.set(kind, handler);
    },
    /** Writes the job durably, then has it run right after the current response. */
    async enqueue(kind: string, payload: Record<string, unknown>): Promise<void> {
      await jobs.insert({ id: ids.id(), kind, payload: JSON.stringify(payload), now: clock.now() });
      kick();
    },
    /** Resolves once no job is running on this node (tests; shutdown). */
    async settled(): Promise<void> {
      while (running) await running;
    },
    /** Looks for due jobs (left by a node that died, or retries) every `intervalMs`. */
    start(intervalMs = 5_000): void {
      timer ??= setInterval(kick, intervalMs);
      timer.unref();
      kick();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await this.settled();
    },
    count: () => jobs.count(),
  };
}

export type DeferredJobs = ReturnType<typeof createDeferredJobs>;
