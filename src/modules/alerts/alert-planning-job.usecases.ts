import type { App } from '../../app.ts';
import { inTransaction } from '../../db/database.ts';
import type { PlannedDelivery } from '../deliveries/deliveries.repository.ts';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { dispatcherOwnerName } from '../deliveries/dispatcher.ts';
import { notifyPlanned } from '../deliveries/dispatcher-wakeups.ts';
import { isSharedChannel } from '../deliveries/deliveries.models.ts';
import { groupByDestination, joinEarlierHouseholds, planCandidates } from './alert-planning.models.ts';
import { type AudienceSource, candidateSource, reachableCandidates } from './alert-planning.usecases.ts';
import { createAlertsRepository } from './alerts.repository.ts';
import { type ChunkAdvance, type PlanningJob, createPlanningJobsRepository } from './planning-jobs.repository.ts';
import { onPlanningJob } from './planning-wakeups.ts';

type PlannerApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones'>;

export type PlannerOptions = {
  /** People examined per chunk: one transaction each, its steps claimable once it commits. */
  chunkSize: number;
  /** How long a claimed job stays this planner's; renewed by every chunk. */
  leaseMs: number;
};

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = { chunkSize: 1_000, leaseMs: 15_000 };

/** Thrown inside a chunk's transaction when the job moved on without us: the chunk is undone. */
class LostPlanningLease extends Error {}

/**
 * Plans the next chunk of a claimed job and commits it with the job's new cursor, in one
 * transaction: the people of the next page of candidates (keyset by person id) enter the audience
 * unless already there, and only those who entered get steps. A chunk retried after a crash thus
 * plans nobody twice, and the cursor makes it start where the last commit ended. Wakes the
 * dispatchers when steps were committed.
 * @returns 'more' (claim kept), 'done', or 'lost' (another planner holds the job now)
 */
export async function planNextChunk({ app, job, owner, options }: { app: PlannerApp; job: PlanningJob; owner: string; options: PlannerOptions }): Promise<{ outcome: 'more' | 'done' | 'lost'; job: PlanningJob }> {
  const alerts = createAlertsRepository({ database: app.database });
  const jobs = createPlanningJobsRepository({ database: app.database });
  const now = app.clock.now();
  const alert = await alerts.findById(job.alertId);
  const zone = alert && (await app.zones.findById(alert.zoneId));
  const first = job.audienceOf ? await alerts.findById(job.audienceOf) : alert;
  let advance: ChunkAdvance;
  let plannedSteps: PlannedDelivery[] = [];
  let audience: { personId: string; language: string }[] = [];
  const householdLinks: { deliveryId: string; personId: string }[] = [];
  if (!alert || !zone || !first || alert.status === 'cancelled') {
    // A cancelled alert plans nothing more (cancelAlert stopped what was planned).
    advance = { cursor: job.cursor, phase: job.phase, people: 0, steps: 0, done: true };
  } else {
    const source: AudienceSource = job.audienceOf ? { audienceOf: first } : { target: alert.target };
    const { from, inside } = candidateSource(zone.id, source);
    if (job.candidates === null) await jobs.setCandidates(job.alertId, owner, await alerts.countCandidates(from));
    const page = await alerts.candidatesPage(from, { after: job.cursor, limit: options.chunkSize });
    const people = await reachableCandidates(app.database, page, inside);
    const plans = planCandidates(people, { severity: alert.severity, now: alert.sendAt, timeZone: zone.timeZone, defaultLanguage: zone.defaultLanguage, escalation: job.escalation, ...(job.phase === 'urgent' ? { only: 'urgent' as const } : {}) });
    audience = plans.map(({ personId, language }) => ({ personId, language }));
    // One call and one SMS per number the chunk's people share (a household), see groupByDestination.
    plannedSteps = groupByDestination(plans).map(({ household, ...step }) => {
      const id = app.ids.id();
      for (const personId of household) householdLinks.push({ deliveryId: id, personId });
      return { ...step, id, alertId: alert.id, idempotencyKey: `${alert.id}.${step.personId}.${step.channel}.${step.step}` };
    });
    const endOfPhase = page.length < options.chunkSize;
    advance =
      !endOfPhase ? { cursor: page[page.length - 1]!.id, phase: job.phase, people: 0, steps: 0, done: false }
      : job.phase === 'urgent' ? { cursor: null, phase: 'rest', people: 0, steps: 0, done: false }
      : { cursor: null, phase: 'rest', people: 0, steps: 0, done: true };
  }
  try {
    advance = await inTransaction(app.database, async (trx) => {
      // Cancelled while this chunk was read: plan nothing more.
      if (audience.length > 0 && (await createAlertsRepository({ database: trx }).findById(job.alertId))?.status === 'cancelled') {
        audience = [];
        advance = { ...advance, done: true };
      }
      const added = audience.length > 0 ? await createAlertsRepository({ database: trx }).insertAudienceOnce(job.alertId, audience) : new Set<string>();
      const deliveries = createDeliveriesRepository({ database: trx });
      const fresh = plannedSteps.filter((step) => added.has(step.personId));
      // A number shared with people of an earlier chunk keeps its one call and one SMS.
      const earlier = await deliveries.householdStepsOf(job.alertId, fresh.filter((step) => isSharedChannel(step.channel)).map((step) => step.destination));
      const { steps, links } = joinEarlierHouseholds(fresh, householdLinks, earlier);
      await deliveries.insertPlan(steps, now);
      await deliveries.insertHousehold(job.alertId, links);
      const moved = { ...advance, people: added.size, steps: steps.length };
      if (!(await createPlanningJobsRepository({ database: trx }).advance({ alertId: job.alertId, owner, from: job, to: moved, leaseUntil: now + options.leaseMs, now }))) throw new LostPlanningLease();
      return moved;
    });
  } catch (error) {
    if (error instanceof LostPlanningLease) return { outcome: 'lost', job };
    throw error;
  }
  if (advance.steps > 0) await notifyPlanned(app.database);
  const next: PlanningJob = { ...job, cursor: advance.cursor, phase: advance.phase, plannedPeople: job.plannedPeople + advance.people, plannedSteps: job.plannedSteps + advance.steps, status: advance.done ? 'done' : 'planning' };
  return { outcome: advance.done ? 'done' : 'more', job: next };
}

/** Claims and runs one job to its end (or until it is lost or `shouldStop`); false when none was open. */
async function runOneJob(app: PlannerApp, owner: string, options: PlannerOptions, shouldStop: () => boolean): Promise<boolean> {
  const jobs = createPlanningJobsRepository({ database: app.database });
  const now = app.clock.now();
  let job = await jobs.claim({ owner, now, leaseUntil: now + options.leaseMs });
  if (!job) return false;
  for (;;) {
    if (shouldStop()) {
      await jobs.release(job.alertId, owner);
      return true;
    }
    const result = await planNextChunk({ app, job, owner, options });
    if (result.outcome !== 'more') return true;
    job = result.job;
  }
}

/**
 * Runs every open planning job to its end in this process (the planner role's turn; tests call it
 * to wait for an alert's plan). Returns the number of jobs it took.
 */
export async function planPendingAlerts({ app, owner = dispatcherOwnerName(), options = DEFAULT_PLANNER_OPTIONS }: { app: PlannerApp; owner?: string; options?: PlannerOptions }): Promise<number> {
  let taken = 0;
  while (await runOneJob(app, owner, options, () => false)) taken += 1;
  return taken;
}

export type PlannerRole = { owner: string; stop: () => Promise<void> };

/**
 * The planner of `waakzaam serve` (every node): takes open planning jobs when one is committed in
 * this process, and every `pollMs` for those of other nodes or left by a planner that died.
 */
export function startPlannerRole(app: PlannerApp & Pick<App, 'logger'>, { pollMs = 1_000, options = DEFAULT_PLANNER_OPTIONS, owner = dispatcherOwnerName() }: { pollMs?: number; options?: PlannerOptions; owner?: string } = {}): PlannerRole {
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  const turn = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        while (!stopped && (await runOneJob(app, owner, options, () => stopped)));
      } while (again && !stopped);
    })()
      .catch((error: unknown) => app.logger.error({ err: error }, 'planning job failed; retried at the next poll'))
      .finally(() => {
        running = undefined;
      });
  };
  const unsubscribe = onPlanningJob(app.database, turn);
  const timer = setInterval(turn, pollMs);
  timer.unref();
  turn();
  return {
    owner,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
