import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { REACHED_STEP_STATUSES, RESULT_REMINDER_MS } from '../console/console.models.ts';
import { type ConsoleAlert, createConsoleRepository } from '../console/console.repository.ts';
import { DELIVERY_CHANNELS } from '../deliveries/deliveries.models.ts';
import { createMemberListRepository } from '../members/member-list.repository.ts';
import type { Network } from '../networks/networks.models.ts';
import { REPORT_CATEGORIES, REPORT_STATUSES } from '../reports/reports.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { REACH_SHARES, countBy, countReasons, localParts, maySeeNetworkEvaluation, median, timeToShare, yearPeriod, type Period } from './evaluation.models.ts';
import { type EvaluationScope, createEvaluationRepository } from './evaluation.repository.ts';

export type EvaluationApp = Pick<App, 'database' | 'zones' | 'networks' | 'deliveries'>;

/** Severity × kind, and exercises apart: the "what" of an alert is free text, so these are its categories. */
export const ALERT_CATEGORIES = ['red.initial', 'red.update', 'red.result', 'green.initial', 'green.update', 'green.result', 'exercise'] as const;

export type ReachFigures = { alerts: number; median50: number | null; median90: number | null; never50: number; never90: number };
export type ChannelFigures = { channel: string; steps: number; reached: number; acknowledged: number; failed: number };

export type EvaluationFigures = {
  scope: { kind: 'zone' | 'network'; zone: Zone; network?: Network };
  year: number;
  period: Period;
  /** Exercises are counted apart and left out of every other alert figure. */
  alerts: { total: number; red: number; green: number; exercises: number; byCategory: Array<{ key: string; count: number }>; byMonth: Array<{ red: number; green: number }>; byHour: number[] };
  /** Time from an alert's creation until 50 % and 90 % of its audience was reached, in ms (median over alerts). */
  reach: { red: ReachFigures; green: ReachFigures; redByMonth: Array<{ alerts: number; median50: number | null; median90: number | null }> };
  audience: { people: number; reached: number; acknowledged: number };
  channels: ChannelFigures[];
  unreachable: number;
  sightings: number;
  reports: { total: number; byCategory: Array<{ key: string; count: number }>; byStatus: Array<{ key: string; count: number }> };
  results: { redIncidents: number; withResult: number; withoutResult: number; medianMinutes: number | null; late: number };
  ratings: { useful: number; notUseful: number; comments: Array<{ useful: boolean; comment: string; createdAt: number }> };
  membership: { activeAtStart: number; activeAtEnd: number; joined: number; left: number; removed: number; reasons: ReturnType<typeof countReasons> };
};

const notFound = (what: string) => new AppError({ code: `${what}.not_found`, kind: 'not_found', messageKey: 'errors.not_found' });
const forbidden = () => new AppError({ code: 'auth.forbidden', kind: 'forbidden', messageKey: 'errors.forbidden' });

/**
 * The zone's report: for its BIN officer (the zone admin, who holds the evaluation meeting).
 */
export async function zoneEvaluation({ app, actor, zoneId, year }: { app: EvaluationApp; actor: Actor | null; zoneId: string; year: number }): Promise<EvaluationFigures> {
  assertCan(actor, 'meetings.manage', { zoneId });
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw notFound('zones');
  return computeFigures(app, { kind: 'zone', zone }, year);
}

/**
 * A network's report: for the BIN officer of its zone, its mandated officer (and deputy) and its
 * coordinators. Anyone else gets 403; an unknown network 404 (to those who may read networks at all).
 */
export async function networkEvaluation({ app, actor, networkId, year }: { app: EvaluationApp; actor: Actor | null; networkId: string; year: number }): Promise<EvaluationFigures> {
  assertCan(actor, 'networks.read');
  const network = await app.networks.findById(networkId);
  if (!network) throw notFound('networks');
  if (!(await mayReadNetworkEvaluation(app, actor, network))) throw forbidden();
  const zone = await app.zones.findById(network.zoneId);
  if (!zone) throw notFound('zones');
  return computeFigures(app, { kind: 'network', zone, network }, year);
}

/** Whether the actor may see a network's evaluation (see `maySeeNetworkEvaluation`). */
export async function mayReadNetworkEvaluation(app: Pick<App, 'networks'>, actor: Actor, network: Network): Promise<boolean> {
  return maySeeNetworkEvaluation(actor, network, await app.networks.listPeople([network.id]));
}

function reachFigures(alerts: readonly ConsoleAlert[], times: Map<string, { total: number; reached: number[] }>): ReachFigures {
  const at = (share: number) => alerts.map((alert) => timeToShare(alert.createdAt, times.get(alert.id)?.total ?? 0, times.get(alert.id)?.reached ?? [], share));
  const [half, most] = REACH_SHARES.map(at) as [Array<number | null>, Array<number | null>];
  const known = (list: Array<number | null>) => list.filter((value): value is number => value !== null);
  return { alerts: alerts.length, median50: median(known(half)), median90: median(known(most)), never50: half.length - known(half).length, never90: most.length - known(most).length };
}

async function computeFigures(app: EvaluationApp, scopeInfo: EvaluationFigures['scope'], year: number): Promise<EvaluationFigures> {
  const period = yearPeriod(year);
  const consoleRepository = createConsoleRepository({ database: app.database });
  const evaluation = createEvaluationRepository({ database: app.database });
  const networkId = scopeInfo.network?.id;
  const scope: EvaluationScope = networkId ? { zoneId: scopeInfo.zone.id, networkId } : { zoneId: scopeInfo.zone.id };

  const all = await consoleRepository.alertsInPeriod(networkId ? { networkId } : { zoneId: scopeInfo.zone.id }, period, scopeInfo.zone.defaultLanguage);
  const alerts = all.filter((alert) => !alert.exercise);
  const ids = alerts.map((alert) => alert.id);
  const red = alerts.filter((alert) => alert.severity === 'red');
  const green = alerts.filter((alert) => alert.severity === 'green');

  const byMonth = Array.from({ length: 12 }, () => ({ red: 0, green: 0 }));
  const byHour = new Array<number>(24).fill(0);
  for (const alert of alerts) {
    const local = localParts(alert.createdAt);
    byMonth[local.month - 1]![alert.severity === 'red' ? 'red' : 'green'] += 1;
    byHour[local.hour] = (byHour[local.hour] ?? 0) + 1;
  }

  // Reach: the console's own definition of "reached", per person, per alert.
  const times = new Map<string, { total: number; reached: number[] }>();
  for (let i = 0; i < ids.length; i += 200) {
    for (const row of await consoleRepository.reachTimes(ids.slice(i, i + 200), { networkId })) {
      const entry = times.get(row.alertId) ?? { total: 0, reached: [] };
      entry.total += 1;
      if (row.reachedAt !== null) entry.reached.push(row.reachedAt);
      times.set(row.alertId, entry);
    }
  }
  const redByMonth = byMonth.map((_, month) => {
    const figures = reachFigures(red.filter((alert) => localParts(alert.createdAt).month === month + 1), times);
    return { alerts: figures.alerts, median50: figures.median50, median90: figures.median90 };
  });

  const audience = { people: 0, reached: 0, acknowledged: 0 };
  for (let i = 0; i < ids.length; i += 200) {
    for (const reach of (await consoleRepository.reachOf(ids.slice(i, i + 200), { networkId })).values()) {
      audience.people += reach.total;
      audience.reached += reach.reached;
      audience.acknowledged += reach.acknowledged;
    }
  }

  const channelTotals = new Map<string, ChannelFigures>(DELIVERY_CHANNELS.map((channel) => [channel, { channel, steps: 0, reached: 0, acknowledged: 0, failed: 0 }]));
  for (let i = 0; i < ids.length; i += 200) {
    for (const { channel, status, count } of await app.deliveries.countsForAlerts(ids.slice(i, i + 200), { networkId })) {
      const row = channelTotals.get(channel)!;
      row.steps += count;
      if (REACHED_STEP_STATUSES[channel].includes(status)) row.reached += count;
      if (status === 'acknowledged') row.acknowledged += count;
      if (status === 'failed') row.failed += count;
    }
  }

  const networks = scopeInfo.network ? [scopeInfo.network] : await app.networks.listByZone(scopeInfo.zone.id);
  const memberList = createMemberListRepository({ database: app.database });
  const unreachable = new Set<string>();
  for (const network of networks) for (const row of await memberList.unreachable(network.id)) unreachable.add(row.personId);

  const reportRows = await evaluation.reportCounts(scope, period);
  const reportsOf = (pick: (row: (typeof reportRows)[number]) => string, keys: readonly string[]) => {
    const counts = new Map<string, number>(keys.map((key) => [key, 0]));
    for (const row of reportRows) counts.set(pick(row), (counts.get(pick(row)) ?? 0) + row.count);
    return [...counts].map(([key, count]) => ({ key, count }));
  };

  const results = await resultFigures(consoleRepository, red, scopeInfo.zone.defaultLanguage);
  const ratingRows = await evaluation.ratings(ids, networkId);
  const membership = await membershipFigures(evaluation, networks, period);

  return {
    scope: scopeInfo,
    year,
    period,
    alerts: {
      total: alerts.length,
      red: red.length,
      green: green.length,
      exercises: all.length - alerts.length,
      byCategory: countBy(all, (alert) => (alert.exercise ? 'exercise' : `${alert.severity}.${alert.kind}`), ALERT_CATEGORIES),
      byMonth,
      byHour,
    },
    reach: { red: reachFigures(red, times), green: reachFigures(green, times), redByMonth },
    audience,
    channels: [...channelTotals.values()].filter((row) => row.steps > 0),
    unreachable: unreachable.size,
    sightings: await evaluation.countSightings(scope, period),
    reports: { total: reportRows.reduce((sum, row) => sum + row.count, 0), byCategory: reportsOf((row) => row.category, REPORT_CATEGORIES), byStatus: reportsOf((row) => row.status, REPORT_STATUSES) },
    results,
    ratings: {
      useful: ratingRows.filter((rating) => rating.useful).length,
      notUseful: ratingRows.filter((rating) => !rating.useful).length,
      comments: ratingRows.filter((rating) => (rating.comment ?? '').trim() !== '').map((rating) => ({ useful: rating.useful, comment: rating.comment!.trim(), createdAt: rating.createdAt })),
    },
    membership,
  };
}

/**
 * Result messages of the red incidents of the period: an incident whose first red alert is in the
 * scope has one when a result alert of it was not cancelled; "late" is more than the console's
 * reminder time (60 minutes) after that first red alert went out.
 */
async function resultFigures(consoleRepository: ReturnType<typeof createConsoleRepository>, red: readonly ConsoleAlert[], locale: string): Promise<EvaluationFigures['results']> {
  const firstRed = new Map<string, ConsoleAlert>();
  for (const alert of red) if (alert.kind !== 'result' && !firstRed.has(alert.incidentId)) firstRed.set(alert.incidentId, alert);
  const incidentIds = [...firstRed.keys()];
  const delays: number[] = [];
  for (let i = 0; i < incidentIds.length; i += 200) {
    const alerts = await consoleRepository.alertsOfIncidents(incidentIds.slice(i, i + 200), locale);
    for (const incidentId of incidentIds.slice(i, i + 200)) {
      const result = alerts.find((alert) => alert.incidentId === incidentId && alert.kind === 'result' && alert.status !== 'cancelled' && alert.status !== 'draft');
      if (result) delays.push(Math.max(0, result.sendAt - firstRed.get(incidentId)!.sendAt));
    }
  }
  const minutes = median(delays);
  return {
    redIncidents: incidentIds.length,
    withResult: delays.length,
    withoutResult: incidentIds.length - delays.length,
    medianMinutes: minutes === null ? null : Math.round(minutes / 60_000),
    late: delays.filter((delay) => delay > RESULT_REMINDER_MS).length,
  };
}

/**
 * Memberships of the networks (a person in two networks counts twice): active at the start and the
 * end of the period, each from its status history; joins (to active), leaves by the member and
 * removals in the period, and the members' leave reasons.
 */
async function membershipFigures(evaluation: ReturnType<typeof createEvaluationRepository>, networks: readonly Network[], period: Period): Promise<EvaluationFigures['membership']> {
  const changes = await evaluation.membershipChanges(
    networks.map((network) => network.id),
    period.to,
  );
  const statusAt = (at: number) => {
    const status = new Map<string, string>();
    for (const change of changes) if (change.at < at) status.set(change.membershipId, change.toStatus);
    return [...status.values()].filter((value) => value === 'active').length;
  };
  const inPeriod = changes.filter((change) => change.at >= period.from);
  const left = inPeriod.filter((change) => change.toStatus === 'left');
  return {
    activeAtStart: statusAt(period.from),
    activeAtEnd: statusAt(period.to),
    joined: inPeriod.filter((change) => change.toStatus === 'active').length,
    left: left.length,
    removed: inPeriod.filter((change) => change.toStatus === 'removed').length,
    reasons: countReasons(left.map((change) => change.reason)),
  };
}
