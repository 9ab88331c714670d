import type { Database } from '../../db/database.ts';

export type DeferredJob = { id: string; kind: string; payload: string; attempts: number };

/** The deferred_jobs table: a small durable queue with leased claims (see deferred-jobs.ts). */
export function createDeferredJobsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async insert(job: { id: string; kind: string; payload: string; now: number }): Promise<void> {
      await db.insertInto('deferred_jobs').values({ id: job.id, kind: job.kind, payload: job.payload, created_at: job.now, due_at: job.now }).execute();
    },

    /**
     * Claims up to `limit` due rows of the given kinds for `owner`. Each row is taken by a
     * conditional update, so two nodes never hold the same row; a lease that ran out (its node
     * died) makes the row due again.
     */
    async claim({ kinds, owner, now, leaseMs, limit }: { kinds: readonly string[]; owner: string; now: number; leaseMs: number; limit: number }): Promise<DeferredJob[]> {
      if (kinds.length === 0) return [];
      const candidates = await db
        .selectFrom('deferred_jobs')
        .select('id')
        .where('kind', 'in', kinds)
        .where('due_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('due_at')
        .limit(limit)
        .execute();
      const claimed: DeferredJob[] = [];
      for (const { id } of candidates) {
        const row = await db
          .updateTable('deferred_jobs')
          .set((eb) => ({ lease_owner: owner, lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
          .returning(['id', 'kind', 'payload', 'attempts'])
          .executeTakeFirst();
        if (row) claimed.push({ ...row, attempts: Number(row.attempts) });
      }
      return claimed;
    },

    /** Done: the row goes (its payload may name a person). */
    async remove(id: string, owner: string): Promise<void> {
      await db.deleteFrom('deferred_jobs').where('id', '=', id).where('lease_owner', '=', owner).execute();
    },

    async retryLater(id: string, owner: string, dueAt: number): Promise<void> {
      await db.updateTable('deferred_jobs').set({ due_at: dueAt, lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();
    },

    async count(): Promise<number> {
      const row = await db.selectFrom('deferred_jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type DeferredJobsRepository = ReturnType<typeof createDeferredJobsRepository>;
