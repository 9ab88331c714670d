import type { App } from '../../app.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type PlannedDelivery, createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import type { DispatchedChannel } from '../deliveries/delivery-renderer.ts';
import { notifyPlanned } from '../deliveries/dispatcher-wakeups.ts';
import { isReachable } from '../members/members.models.ts';
import { createPushSubscriptionsRepository } from '../push/push-subscriptions.repository.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Escalation, type PlanCandidate, audienceLanguage, planPersonSteps } from './alert-planning.models.ts';
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
import { type Alert, type LoadedCandidate, createAlertsRepository } from './alerts.repository.ts';
import { mayPublishAlert } from './green-messages.models.ts';

type PlanningApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'auditLog'>;

/** Where the audience comes from: a target, or (updates, result) the incident's first alert. */
type AudienceSource = { target: AlertTarget } | { audienceOf: Alert };

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

/**
 * The people an alert reaches, each once: active members of the target networks, or the people of
 * the zone whose home or work address lies inside the drawn area; only those who consented and
 * have a verified contact point (isReachable).
 */
export async function resolveAudience(database: Database, zoneId: string, source: AudienceSource): Promise<PlanCandidate[]> {
  const alerts = createAlertsRepository({ database });
  let loaded: LoadedCandidate[];
  if ('audienceOf' in source) loaded = await alerts.candidatesOfAlert(source.audienceOf.id);
  else if (source.target.kind === 'networks') loaded = await alerts.candidatesInNetworks(source.target.networkIds);
  else {
    const inside = areaFilter(source.target);
    loaded = (await alerts.candidatesInZone(zoneId)).filter((person) => livesOrWorksInside(person.addresses, inside));
  }
  // Queries return each person once already (`in` subqueries); the map keeps that true by construction.
  const unique = new Map(loaded.map((person) => [person.id, person]));
  const reachable = [...unique.values()].filter((person) => isReachable(person, person.contacts));
  // Push goes to the devices a person enabled: only those who chose it are looked up.
  const choosingPush = reachable.filter((person) => person.redChannels.includes('push') || person.greenChannels.includes('push')).map((person) => person.id);
  const withDevices = await createPushSubscriptionsRepository({ database }).personsWithSubscriptions(choosingPush);
  return reachable.map((person) => ({ ...person, contacts: person.contacts.filter((contact) => contact.verifiedAt !== null && contact.stoppedAt === null), pushDevices: withDevices.has(person.id) }));
}

/**
 * The live count before sending: people reached, and how many of them each channel would carry
 * (first steps, without escalation) for the message type.
 * @returns `{ people, channels: { email, sms, voice, push } }`
 */
export async function countAudience({ app, actor, zoneId, target, severity }: { app: PlanningApp; actor: Actor | null; zoneId: string; target: AlertTarget; severity: AlertSeverity }) {
  assertCan(actor, 'alerts.publish', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  await assertNetworksInZone(app, target, zoneId);
  const people = await resolveAudience(app.database, zoneId, { target });
  const channels: Record<DispatchedChannel, number> = { email: 0, sms: 0, voice: 0, push: 0 };
  const now = app.clock.now();
  for (const person of people) for (const step of planPersonSteps(person, { severity, now, timeZone: zone.timeZone })) channels[step.channel] += 1;
  return { people: people.length, channels };
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

export type PublishResult = { alert: Alert; created: boolean; people: number; steps: number };

/**
 * Checks, composes, resolves the audience and writes incident, alert, texts, audience and delivery
 * plan in one transaction, then wakes the dispatchers. Idempotent per `requestKey`.
 */
/** Writes that must commit or fail with the alert and its plan (they throw to undo it all). */
type WithinPlan = (trx: Database, alert: Alert) => Promise<void>;

async function planAndWrite({ app, by, input, kind, incidentId, source, escalation, withinPlan }: { app: PlanningApp; by: AuditActor; input: PublishInput; kind: AlertKind; incidentId?: string; source: AudienceSource; escalation?: Escalation; withinPlan?: WithinPlan }): Promise<PublishResult> {
  // Police of the zone; or a coordinator's green message to their own networks (green-messages.models.ts).
  if (!mayPublishAlert(by.actor, { zoneId: input.zoneId, severity: input.severity, kind, target: 'target' in source ? source.target : null })) assertCan(by.actor, 'alerts.publish', { zoneId: input.zoneId });
  const alerts = createAlertsRepository({ database: app.database });
  const earlier = await alerts.findByRequestKey(input.requestKey);
  if (earlier) return { alert: earlier, created: false, people: 0, steps: 0 };

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

  const people = await resolveAudience(app.database, zone.id, source);
  // A first alert that reaches nobody is a mistake in the target, not a message to record as sent.
  if (kind === 'initial' && people.length === 0) throw new ValidationError([{ field: 'targetKind', messageKey: 'alerts.target.nobody' }]);
  const alertId = app.ids.id();
  const steps: PlannedDelivery[] = [];
  const audience = people.map((person) => {
    const language = audienceLanguage(person.language, zone.defaultLanguage);
    for (const step of planPersonSteps(person, { severity: input.severity, now, timeZone: zone.timeZone, escalation })) {
      steps.push({ ...step, id: app.ids.id(), alertId, personId: person.id, language, idempotencyKey: `${alertId}.${person.id}.${step.channel}.${step.step}` });
    }
    return { personId: person.id, language };
  });
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
      await repository.insertAudience(alertId, audience);
      await createDeliveriesRepository({ database: trx }).insertPlan(steps, now);
      await withinPlan?.(trx, alert);
    });
  } catch (error) {
    // Two submits at the same instant: the unique request key let one of them in.
    const winner = await alerts.findByRequestKey(input.requestKey);
    if (winner) return { alert: winner, created: false, people: 0, steps: 0 };
    throw error;
  }
  await notifyPlanned(app.database);
  await app.auditLog.record(by, {
    action: 'alerts.send',
    objectType: 'alert',
    objectId: alertId,
    zoneId: zone.id,
    details: { incidentId: alert.incidentId, kind, severity: input.severity, exercise: input.exercise, people: audience.length, steps: steps.length },
  });
  return { alert, created: true, people: audience.length, steps: steps.length };
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
