import { LOCALES, type Locale, isLocale } from '../../web/i18n/locales.ts';
import { kindsFor, startOfDay, dayOf } from '../members/member-preferences.models.ts';
import type { ContactKind, GreenChannel, Person, RedChannel } from '../members/members.models.ts';
import type { DispatchedChannel } from '../deliveries/delivery-renderer.ts';
import { householdKey, isSharedChannel } from '../deliveries/deliveries.models.ts';
import type { AlertSeverity } from './alerts.models.ts';

/**
 * Planning, pure: which person gets which channel, where and when. The use case loads the
 * candidates and writes the steps; nothing here touches the database or the clock.
 */

/** A verified, not stopped contact point of a candidate; `smsStopped`: the member answered "STOP" by SMS. */
export type PlanContact = { id: string; kind: ContactKind; value: string; smsStopped?: boolean };

export type PlanCandidate = Pick<Person, 'id' | 'language' | 'redChannels' | 'greenChannels' | 'quietFrom' | 'quietUntil' | 'pauseFrom' | 'pauseUntil'> & {
  contacts: PlanContact[];
  /** The person enabled push on at least one device (src/modules/push/). */
  pushDevices?: boolean;
};

/** One step of one person, before it gets its ids. */
export type PersonStep = {
  channel: DispatchedChannel;
  /** Push has no contact point: its destination is the person's id (see planPersonSteps). */
  contactPointId: string | null;
  destination: string;
  step: number;
  dueAt: number;
  unlessAcknowledged: boolean;
};

/**
 * Escalation: a call (or SMS) `afterMinutes` after the first steps, sent only when the person has
 * not acknowledged by then. A zone setting later; the planner takes it as a parameter.
 */
export type Escalation = { channel: 'voice' | 'sms'; afterMinutes: number };

const DISPATCHED: ReadonlySet<string> = new Set<DispatchedChannel>(['email', 'sms', 'voice', 'push']);
// When none of the chosen channels can be used, the channels that can carry the message type.
// A member who left only an e-mail address still hears of an urgent alert, later than by phone.
const RED_FALLBACK: readonly DispatchedChannel[] = ['voice', 'sms', 'email'];
// A landline-only member is not left out of green messages either: they get a call.
const GREEN_FALLBACK: readonly DispatchedChannel[] = ['email', 'sms', 'voice'];

/** The language a person gets: their own when the texts exist in it, else the zone's default. */
export function audienceLanguage(personLanguage: string, zoneDefault: string): Locale {
  if (isLocale(personLanguage)) return personLanguage;
  return isLocale(zoneDefault) ? zoneDefault : LOCALES[0];
}

/**
 * The contact point that carries a channel: mobile before landline for a call (it is with the
 * person). A number whose owner answered "STOP" carries no SMS, but still calls.
 */
function contactFor(channel: DispatchedChannel, contacts: readonly PlanContact[]): PlanContact | undefined {
  for (const kind of kindsFor(channel)) {
    const found = contacts.find((contact) => contact.kind === kind && !(channel === 'sms' && contact.smsStopped));
    if (found) return found;
  }
  return undefined;
}

/** Minutes after midnight of an instant in the time zone. */
function minuteOfDay(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

/** The instant of `minutes` after midnight on the local day of `instant` (+ `days`). */
function atMinute(instant: number, minutes: number, days: number, timeZone: string): number {
  const day = dayOf(instant + days * 86_400_000, timeZone);
  return startOfDay(day, timeZone) + minutes * 60_000;
}

/**
 * When a green message may reach the person: not during their holiday pause, not during their
 * quiet hours (which may span midnight, e.g. 22:00–07:00). Red messages ignore both.
 */
export function greenDueAt(candidate: Pick<PlanCandidate, 'quietFrom' | 'quietUntil' | 'pauseFrom' | 'pauseUntil'>, now: number, timeZone: string): number {
  let due = now;
  if (candidate.pauseFrom !== null && candidate.pauseUntil !== null && candidate.pauseFrom <= due && due < candidate.pauseUntil) due = candidate.pauseUntil;
  const { quietFrom: from, quietUntil: until } = candidate;
  if (from === null || until === null || from === until) return due;
  const minute = minuteOfDay(due, timeZone);
  if (from < until) {
    if (minute >= from && minute < until) return atMinute(due, until, 0, timeZone);
  } else if (minute >= from) {
    return atMinute(due, until, 1, timeZone);
  } else if (minute < until) {
    return atMinute(due, until, 0, timeZone);
  }
  return due;
}

/**
 * One person's ordered steps for a message type: their chosen channels (red: voice/SMS/push;
 * green: e-mail/push/SMS) in their order, each on a contact point that can carry it (push: on the
 * devices they enabled), all due at once; when nothing chosen can be used, the first fallback
 * channel that can. A landline only carries voice. An escalation adds a step that runs only if
 * the person did not acknowledge.
 */
export function planPersonSteps(candidate: PlanCandidate, { severity, now, timeZone, escalation }: { severity: AlertSeverity; now: number; timeZone: string; escalation?: Escalation }): PersonStep[] {
  const chosen: readonly (RedChannel | GreenChannel)[] = severity === 'red' ? candidate.redChannels : candidate.greenChannels;
  const dueAt = severity === 'red' ? now : greenDueAt(candidate, now, timeZone);
  const steps: PersonStep[] = [];
  const add = (channel: DispatchedChannel, at: number, unlessAcknowledged: boolean) => {
    // PUSH: one step per person, not per device. Its destination is the person's id; the driver
    // sends to every device the person enabled when the step is sent (devices added or gone in
    // between count), and the step is sent when one device's push service accepted it. One step
    // keeps the console's counts per person, and one acknowledgement settles it. A person who
    // chose push but enabled no device gets their next channel instead.
    if (channel === 'push') {
      if (!candidate.pushDevices || steps.some((s) => s.channel === 'push')) return false;
      steps.push({ channel, contactPointId: null, destination: candidate.id, step: steps.length, dueAt: at, unlessAcknowledged });
      return true;
    }
    const contact = contactFor(channel, candidate.contacts);
    if (!contact || steps.some((s) => s.channel === channel)) return false;
    steps.push({ channel, contactPointId: contact.id, destination: contact.value, step: steps.length, dueAt: at, unlessAcknowledged });
    return true;
  };
  for (const channel of chosen) if (DISPATCHED.has(channel)) add(channel as DispatchedChannel, dueAt, false);
  if (steps.length === 0) {
    for (const channel of severity === 'red' ? RED_FALLBACK : GREEN_FALLBACK) if (add(channel, dueAt, false)) break;
  }
  if (steps.length > 0 && escalation) add(escalation.channel, dueAt + escalation.afterMinutes * 60_000, true);
  return steps;
}

/** A person's place in the audience and their steps, before ids. */
export type PersonPlan = { personId: string; language: Locale; steps: PersonStep[] };

/** Channels whose steps a red alert plans in its first pass (see planCandidates). */
const URGENT: ReadonlySet<DispatchedChannel> = new Set<DispatchedChannel>(['voice', 'sms', 'push']);

/**
 * The plans of a chunk of candidates, pure (the planning job calls it per chunk). With
 * `only: 'urgent'` (a red alert's first pass) it keeps those whose first step is a call, an SMS or
 * a push, so that these leave before the e-mail steps are planned; the others come in the second
 * pass.
 */
export function planCandidates(candidates: readonly PlanCandidate[], context: { severity: AlertSeverity; now: number; timeZone: string; defaultLanguage: string; escalation?: Escalation; only?: 'urgent' }): PersonPlan[] {
  const plans: PersonPlan[] = [];
  for (const candidate of candidates) {
    const steps = planPersonSteps(candidate, context);
    if (context.only === 'urgent' && !(steps[0] && URGENT.has(steps[0].channel))) continue;
    plans.push({ personId: candidate.id, language: audienceLanguage(candidate.language, context.defaultLanguage), steps });
  }
  return plans;
}

/**
 * Failover of a red step whose channel is down: the person's next usable channel, in their red
 * order and then the red fallback order, skipping the channels in `exclude` (the one that is down,
 * those already planned for this alert, others that are down). Undefined when none is left.
 */
export function failoverTarget(candidate: Pick<PlanCandidate, 'id' | 'redChannels' | 'contacts' | 'pushDevices'>, exclude: ReadonlySet<DispatchedChannel>): Pick<PersonStep, 'channel' | 'contactPointId' | 'destination'> | undefined {
  for (const chosen of [...candidate.redChannels, ...RED_FALLBACK]) {
    if (!DISPATCHED.has(chosen)) continue;
    const channel = chosen as DispatchedChannel;
    if (exclude.has(channel)) continue;
    if (channel === 'push') {
      if (candidate.pushDevices) return { channel, contactPointId: null, destination: candidate.id };
      continue;
    }
    const contact = contactFor(channel, candidate.contacts);
    if (contact) return { channel, contactPointId: contact.id, destination: contact.value };
  }
  return undefined;
}

/** A step after grouping: it belongs to `personId` and also speaks for `household` (other people, maybe none). */
export type HouseholdStep = PersonStep & { personId: string; language: string; household: string[] };

/**
 * Households: one call and one SMS per shared number. Among the plans of a chunk of the audience,
 * a voice or SMS step whose number another person's step of the same kind (first or escalation)
 * already takes is not planned again: the first person's step speaks for them (`household`) and a
 * "1" acknowledges for all. E-mail and push are one person's each and stay as they are. The first
 * plan in the given order leads (its language is spoken first); pure, so it can run per chunk.
 */
/**
 * A chunk's steps after the households of earlier chunks: a call or SMS to a number that an earlier
 * chunk of the same alert already planned is not planned again; its person (and the people that
 * step spoke for) join the earlier step's household instead. `earlier` maps householdKey → step id.
 */
export function joinEarlierHouseholds<S extends Pick<PersonStep, 'channel' | 'destination' | 'unlessAcknowledged'> & { id: string; personId: string }>(
  steps: readonly S[],
  links: readonly { deliveryId: string; personId: string }[],
  earlier: ReadonlyMap<string, string>,
): { steps: S[]; links: { deliveryId: string; personId: string }[] } {
  const movedTo = new Map<string, string>();
  const kept: S[] = [];
  const joined: { deliveryId: string; personId: string }[] = [];
  for (const step of steps) {
    const earlierId = isSharedChannel(step.channel) ? earlier.get(householdKey(step)) : undefined;
    if (earlierId === undefined) {
      kept.push(step);
      continue;
    }
    movedTo.set(step.id, earlierId);
    joined.push({ deliveryId: earlierId, personId: step.personId });
  }
  const keptIds = new Set(kept.map((step) => step.id));
  for (const link of links) {
    const target = movedTo.get(link.deliveryId) ?? (keptIds.has(link.deliveryId) ? link.deliveryId : undefined);
    if (target !== undefined) joined.push({ deliveryId: target, personId: link.personId });
  }
  return { steps: kept, links: joined };
}

export function groupByDestination(plans: readonly PersonPlan[]): HouseholdStep[] {
  const out: HouseholdStep[] = [];
  const leading = new Map<string, HouseholdStep>();
  for (const plan of plans) {
    for (const step of plan.steps) {
      const shared = isSharedChannel(step.channel);
      const key = householdKey(step);
      const lead = shared ? leading.get(key) : undefined;
      if (lead) {
        if (lead.personId !== plan.personId && !lead.household.includes(plan.personId)) lead.household.push(plan.personId);
        continue;
      }
      const grouped: HouseholdStep = { ...step, personId: plan.personId, language: plan.language, household: [] };
      if (shared) leading.set(key, grouped);
      out.push(grouped);
    }
  }
  return out;
}
