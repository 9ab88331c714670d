import type { App } from '../../app.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { DispatchedChannel } from '../deliveries/delivery-renderer.ts';
import { isReachable } from '../members/members.models.ts';
import { createPushSubscriptionsRepository } from '../push/push-subscriptions.repository.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Escalation, type PlanCandidate, planPersonSteps } from './alert-planning.models.ts';
import { announcePlanningJob } from './planning-wakeups.ts';
import { createPlanningJobsRepository } from './planning-jobs.repository.ts';
import { type AlertTarget, areaFilter, livesOrWorksInside } from './alert-target.models.ts';
import {
  type ActivationChecklist,
  type AlertFields,
  type AlertKind,
  type AlertSeverity,
  type AlertTexts,
  EMPTY_CHECKLIST,
  checklistProblems,
  composeAllTexts,
  textProblems,
  truncateAtWord,
  withExerciseMarker,
} from './alerts.models.ts';
import { type Alert, type CandidateSource, type LoadedCandidate, createAlertsRepository } from './alerts.repository.ts';
import { mayPublishAlert } from './green-messages.models.ts';

type PlanningApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'auditLog'>;

/** Where the audience comes from: a target, or (updates, result) the incident's first alert. */
export type AudienceSource = { target: AlertTarget } | { audienceOf: Alert };

async function zoneOrFail(app: PlanningApp, zoneId: string): Promise<Zone> {
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw new AppError({ code: 'alerts.zone_not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
  return zone;
}

/** Networks must exist and belong to the alert's zone (a central dispatcher picks the zone first). */
async function assertNetworksInZone(app: PlanningApp, target: AlertTarget, zoneId: string): Promise<void> {
  if (target.kind !== 'networks') return;
  for (const id of target.networkIds) {
    const network = await app.networks.findById(id);
    if (!network || network.zoneId !== zoneId) throw new AppError({ code: 'alerts.network_not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
  }
}

/** Where the candidates of a source come from, and the drawn area that filters them (if any). */
export function candidateSource(zoneId: string, source: AudienceSource): { from: CandidateSource; inside?: ReturnType<typeof areaFilter> } {
  if ('audienceOf' in source) return { from: { audienceOf: source.audienceOf.id } };
  if (source.target.kind === 'networks') return { from: { networkIds: source.target.networkIds } };
  return { from: { zoneId }, inside: areaFilter(source.target) };
}

/**
 * Of loaded candidates, those an alert reaches: inside the drawn area (if any), consented and with
 * a verified contact point (isReachable); with their usable contact points and whether they
 * enabled push on a device.
 */
export async function reachableCandidates(database: Database, loaded: readonly LoadedCandidate[], inside?: ReturnType<typeof areaFilter>): Promise<PlanCandidate[]> {
  const reachable = loaded.filter((person) => (!inside || livesOrWorksInside(person.addresses, inside)) && isReachable(person, person.contacts));
  // Push goes to the devices a person enabled: only those who chose it are looked up.
  const choosingPush = reachable.filter((person) => person.redChannels.includes('push') || person.greenChannels.includes('push')).map((person) => person.id);
  const withDevices = await createPushSubscriptionsRepository({ database }).personsWithSubscriptions(choosingPush);
  return reachable.map((person) => ({ ...person, contacts: person.contacts.filter((contact) => contact.verifiedAt !== null && contact.stoppedAt === null), pushDevices: withDevices.has(person.id) }));
}

/**
 * The people an alert reaches, each once: active members of the target networks, or the people of
 * the zone whose home or work address lies inside the drawn area; only those who consented and
 * have a verified contact point (isReachable). Loads them all: for the live count of the composer;
 * sending streams them in chunks instead (alert-planning-job.usecases.ts).
 */
export async function resolveAudience(database: Database, zoneId: string, source: AudienceSource): Promise<PlanCandidate[]> {
  const alerts = createAlertsRepository({ database });
  let loaded: LoadedCandidate[];
  if ('audienceOf' in source) loaded = await alerts.candidatesOfAlert(source.audienceOf.id);
  else if (source.target.kind === 'networks') loaded = await alerts.candidatesInNetworks(source.target.networkIds);
  else loaded = await alerts.candidatesInZone(zoneId);
  return reachableCandidates(database, loaded, 'target' in source && source.target.kind !== 'networks' ? areaFilter(source.target) : undefined);
}

/** Whether a source reaches anybody, looking at pages of candidates until one is reachable. */
async function reachesAnybody(database: Database, zoneId: string, source: AudienceSource): Promise<boolean> {
  const { from, inside } = candidateSource(zoneId, source);
  const alerts = createAlertsRepository({ database });
  for (let after: string | null = null; ; ) {
    const page = await alerts.candidatesPage(from, { after, limit: 500 });
    if (page.length === 0) return false;
    if ((await reachableCandidates(database, page, inside)).length > 0) return true;
    after = page[page.length - 1]!.id;
  }
}

/**
 * The live count before sending: people reached, how many of them each channel carries at once
 * for the message type, and with the zone's escalation, the later steps (a call or SMS to whoever
 * has not acknowledged by then), so that the preview announces every call that may go out.
 * @returns `{ people, channels: { email, sms, voice, push }, escalation: { channel, afterMinutes, steps } | null }`
 */
export async function countAudience({ app, actor, zoneId, target, severity, escalation }: { app: PlanningApp; actor: Actor | null; zoneId: string; target: AlertTarget; severity: AlertSeverity; escalation?: Escalation | undefined }) {
  assertCan(actor, 'alerts.publish', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  await assertNetworksInZone(app, target, zoneId);
  const people = await resolveAudience(app.database, zoneId, { target });
  const channels: Record<DispatchedChannel, number> = { email: 0, sms: 0, voice: 0, push: 0 };
  let escalationSteps = 0;
  const now = app.clock.now();
  for (const person of people) {
    for (const step of planPersonSteps(person, { severity, now, timeZone: zone.timeZone, escalation })) {
      if (step.unlessAcknowledged) escalationSteps += 1;
      else channels[step.channel] += 1;
    }
  }
  return { people: people.length, channels, escalation: escalation ? { ...escalation, steps: escalationSteps } : null };
}

export type PublishInput = {
  /** From the form, stable across a double-click: the second submit returns the first alert. */
  requestKey: string;
  zoneId: string;
  severity: AlertSeverity;
  exercise: boolean;
  fields: AlertFields;
  checklist: ActivationChecklist | null;
  /** Texts the sender edited, per language; the others are assembled from the fields. */
  texts?: Partial<Record<Locale, AlertTexts>>;
  /** A recorded message (the blob `recordings/<file name>`), spoken on calls instead of the short text. */
  audioFile?: string;
};

/** The alert as committed; its audience and steps are planned in the background. */
export type PublishResult = { alert: Alert; created: boolean };

/** Writes that must commit or fail with the alert and its planning job (they throw to undo it all). */
type WithinPlan = (trx: Database, alert: Alert) => Promise<void>;

/**
 * Checks, composes, checks that the audience is not empty, and writes incident, alert, texts and a
 * planning job in one transaction, then wakes the planners: the request answers at once whatever
 * the audience. Idempotent per `requestKey`.
 */
async function planAndWrite({ app, by, input, kind, incidentId, source, escalation, withinPlan }: { app: PlanningApp; by: AuditActor; input: PublishInput; kind: AlertKind; incidentId?: string; source: AudienceSource; escalation?: Escalation; withinPlan?: WithinPlan }): Promise<PublishResult> {
  // Police of the zone; or a coordinator's green message to their own networks (green-messages.models.ts).
  if (!mayPublishAlert(by.actor, { zoneId: input.zoneId, severity: input.severity, kind, target: 'target' in source ? source.target : null })) assertCan(by.actor, 'alerts.publish', { zoneId: input.zoneId });
  const alerts = createAlertsRepository({ database: app.database });
  const earlier = await alerts.findByRequestKey(input.requestKey);
  if (earlier) return { alert: earlier, created: false };

  const now = app.clock.now();
  const zone = await zoneOrFail(app, input.zoneId);
  if ('target' in source) await assertNetworksInZone(app, source.target, zone.id);
  const checklist = input.severity === 'red' ? (input.checklist ?? EMPTY_CHECKLIST) : null;
  // Updates and results describe an outcome: the activation rules are for the first red alert.
  const problems = checklistProblems(kind === 'initial' ? input.severity : 'green', checklist ?? EMPTY_CHECKLIST, input.fields, now);
  const texts = composeAllTexts({ fields: input.fields, severity: input.severity, kind, exercise: input.exercise });
  for (const [locale, edited] of Object.entries(input.texts ?? {}) as [Locale, AlertTexts][]) {
    texts[locale] = withExerciseMarker(edited, locale, input.exercise);
    problems.push(...textProblems(texts[locale], locale));
  }
  if (problems.length > 0) throw new ValidationError(problems);

  // A first alert that reaches nobody is a mistake in the target, not a message to record as sent.
  if (kind === 'initial' && !(await reachesAnybody(app.database, zone.id, source))) throw new ValidationError([{ field: 'targetKind', messageKey: 'alerts.target.nobody' }]);
  const alertId = app.ids.id();
  const alert: Alert = {
    id: alertId,
    incidentId: incidentId ?? app.ids.id(),
    zoneId: zone.id,
    kind,
    severity: input.severity,
    status: 'sending',
    exercise: input.exercise,
    fields: input.fields,
    checklist,
    target: 'target' in source ? source.target : source.audienceOf.target,
    audioFile: input.audioFile ?? null,
    requestKey: input.requestKey,
    createdBy: by.actor?.accountId ?? null,
    createdAt: now,
    sendAt: now,
    sentAt: null,
    cancelledAt: null,
  };
  try {
    await inTransaction(app.database, async (trx) => {
      const repository = createAlertsRepository({ database: trx });
      if (!incidentId) await repository.insertIncident({ id: alert.incidentId, zoneId: zone.id, title: truncateAtWord(input.fields.what, 120), exercise: input.exercise, createdBy: alert.createdBy, now });
      await repository.insertAlert(alert);
      await repository.insertTexts(alertId, texts);
      // The audience and the steps follow in the background, chunk by chunk (alert-planning-job.usecases.ts).
      await createPlanningJobsRepository({ database: trx }).insert({ alertId, phase: input.severity === 'red' ? 'urgent' : 'rest', escalation, ...('audienceOf' in source ? { audienceOf: source.audienceOf.id } : {}), now });
      await withinPlan?.(trx, alert);
    });
  } catch (error) {
    // Two submits at the same instant: the unique request key let one of them in.
    const winner = await alerts.findByRequestKey(input.requestKey);
    if (winner) return { alert: winner, created: false };
    throw error;
  }
  announcePlanningJob(app.database);
  await app.auditLog.record(by, {
    action: 'alerts.send',
    objectType: 'alert',
    objectId: alertId,
    zoneId: zone.id,
    details: { incidentId: alert.incidentId, kind, severity: input.severity, exercise: input.exercise },
  });
  return { alert, created: true };
}

/**
 * Sends a new alert (the first of a new incident) to a target.
 * @param escalation a later call or SMS when not acknowledged; none by default (a zone setting later)
 * @param withinPlan more writes in the alert's own transaction (an approval that must not be undone)
 */
export function publishAlert({ app, by, input, target, escalation, withinPlan }: { app: PlanningApp; by: AuditActor; input: PublishInput; target: AlertTarget; escalation?: Escalation; withinPlan?: WithinPlan }): Promise<PublishResult> {
  return planAndWrite({ app, by, input, kind: 'initial', source: { target }, escalation, withinPlan });
}

/** Sends an update or the result message on an incident, to the audience of its first alert. */
export async function publishFollowUp({ app, by, incidentId, kind, input }: { app: PlanningApp; by: AuditActor; incidentId: string; kind: 'update' | 'result'; input: Omit<PublishInput, 'zoneId' | 'exercise' | 'checklist'> }): Promise<PublishResult> {
  const first = await createAlertsRepository({ database: app.database }).firstOfIncident(incidentId);
  if (!first) throw new AppError({ code: 'alerts.incident_not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
  return planAndWrite({ app, by, input: { ...input, zoneId: first.zoneId, exercise: first.exercise, checklist: null }, kind, incidentId, source: { audienceOf: first } });
}
