import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { PlanningJobsTable } from '../../db/schema.ts';
import type { Escalation } from './alert-planning.models.ts';

/**
 * The phases of a job. A red alert plans in two passes over its audience: first the people whose
 * first step is a call, an SMS or a push (those steps leave while the rest is planned), then
 * everybody not planned yet (e-mail). Other alerts plan in one pass.
 */
export const PLANNING_PHASES = ['urgent', 'rest'] as const;
export type PlanningPhase = (typeof PLANNING_PHASES)[number];
export const PLANNING_JOB_STATUSES = ['planning', 'done'] as const;
export type PlanningJobStatus = (typeof PLANNING_JOB_STATUSES)[number];

export type PlanningJob = {
  alertId: string;
  status: PlanningJobStatus;
  phase: PlanningPhase;
  /** The last person id examined in this phase (keyset paging); null: the phase starts. */
  cursor: string | null;
  escalation: Escalation | undefined;
  /** Updates and the result: the alert whose audience they go to (the incident's first); null: the alert's target. */
  audienceOf: string | null;
  /** People the source names (before reachability and any drawn area); null until first claimed. */
  candidates: number | null;
  plannedPeople: number;
  plannedSteps: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  finishedAt: number | null;
};

/** Where a chunk leaves the job: its new cursor and phase, and what it planned. */
export type ChunkAdvance = { cursor: string | null; phase: PlanningPhase; people: number; steps: number; done: boolean };

const num = (value: number | string | bigint | null) => (value === null ? null : Number(value));

function toJob(row: Selectable<PlanningJobsTable>): PlanningJob {
  return {
    alertId: row.alert_id,
    status: row.status as PlanningJobStatus,
    phase: row.phase as PlanningPhase,
    cursor: row.cursor,
    escalation: row.escalation === null ? undefined : (JSON.parse(row.escalation) as Escalation),
    audienceOf: row.audience_of,
    candidates: num(row.candidates),
    plannedPeople: Number(row.planned_people),
    plannedSteps: Number(row.planned_steps),
    leaseOwner: row.lease_owner,
    leaseUntil: num(row.lease_until),
    createdAt: Number(row.created_at),
    finishedAt: num(row.finished_at),
  };
}

export function createPlanningJobsRepository({ database }: { database: Database }) {
  const { db, dialect } = database;

  return {
    async insert(job: { alertId: string; phase: PlanningPhase; escalation?: Escalation; audienceOf?: string; now: number }): Promise<void> {
      await db
        .insertInto('planning_jobs')
        .values({ alert_id: job.alertId, status: 'planning', phase: job.phase, cursor: null, escalation: job.escalation ? JSON.stringify(job.escalation) : null, audience_of: job.audienceOf ?? null, candidates: null, planned_people: 0, planned_steps: 0, lease_owner: null, lease_until: null, created_at: job.now, finished_at: null })
        .execute();
    },

    async find(alertId: string): Promise<PlanningJob | undefined> {
      const row = await db.selectFrom('planning_jobs').selectAll().where('alert_id', '=', alertId).executeTakeFirst();
      return row && toJob(row);
    },

    /**
     * Leases one open job whose lease is free or expired (a planner that died), red alerts first
     * and then the oldest, in one statement (SKIP LOCKED on PostgreSQL, as for deliveries).
     */
    async claim({ owner, now, leaseUntil }: { owner: string; now: number; leaseUntil: number }): Promise<PlanningJob | undefined> {
      const row = await db
        .updateTable('planning_jobs')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('alert_id', 'in', (eb) => {
          const query = eb
            .selectFrom('planning_jobs as j')
            .innerJoin('alerts as a', 'a.id', 'j.alert_id')
            .select('j.alert_id')
            .where('j.status', '=', 'planning')
            .where((w) => w.or([w('j.lease_until', 'is', null), w('j.lease_until', '<', now)]))
            .orderBy((o) => o.case().when('a.severity', '=', 'red').then(0).else(1).end())
            .orderBy('j.created_at')
            .limit(1);
          return dialect === 'postgres' ? query.forUpdate('j').skipLocked() : query;
        })
        .returningAll()
        .executeTakeFirst();
      return row && toJob(row);
    },

    async setCandidates(alertId: string, owner: string, candidates: number): Promise<void> {
      await db.updateTable('planning_jobs').set({ candidates }).where('alert_id', '=', alertId).where('lease_owner', '=', owner).execute();
    },

    /**
     * Moves the job past a chunk, in the chunk's own transaction, only while `owner` holds it and
     * the job is still where the chunk began (`from`): otherwise nothing changes and the caller
     * rolls the chunk back. Returns whether it moved.
     */
    async advance({ alertId, owner, from, to, leaseUntil, now }: { alertId: string; owner: string; from: Pick<PlanningJob, 'cursor' | 'phase'>; to: ChunkAdvance; leaseUntil: number; now: number }): Promise<boolean> {
      const result = await db
        .updateTable('planning_jobs')
        .set((eb) => ({
          cursor: to.cursor,
          phase: to.phase,
          planned_people: eb('planned_people', '+', to.people),
          planned_steps: eb('planned_steps', '+', to.steps),
          lease_until: to.done ? null : leaseUntil,
          lease_owner: to.done ? null : owner,
          ...(to.done ? { status: 'done', finished_at: now } : {}),
        }))
        .where('alert_id', '=', alertId)
        .where('status', '=', 'planning')
        .where('lease_owner', '=', owner)
        .where('phase', '=', from.phase)
        .where('cursor', from.cursor === null ? 'is' : '=', from.cursor)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Gives a job back (a planner that stops): another may claim it at once. */
    async release(alertId: string, owner: string): Promise<void> {
      await db.updateTable('planning_jobs').set({ lease_owner: null, lease_until: null }).where('alert_id', '=', alertId).where('lease_owner', '=', owner).execute();
    },

    /** Jobs not done yet, for the console's "planning: n of m". */
    async openJobs(alertIds: readonly string[]): Promise<PlanningJob[]> {
      if (alertIds.length === 0) return [];
      const rows = await db.selectFrom('planning_jobs').selectAll().where('alert_id', 'in', [...alertIds]).where('status', '=', 'planning').execute();
      return rows.map(toJob);
    },
  };
}

export type PlanningJobsRepository = ReturnType<typeof createPlanningJobsRepository>;
