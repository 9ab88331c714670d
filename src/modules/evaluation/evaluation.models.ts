import { type Actor, can } from '../accounts/authorization.models.ts';

/**
 * The yearly evaluation's arithmetic (issue 8): the period of a year in Belgian time, months and
 * hours of day, medians and the time until a share of an audience was reached. Pure.
 */

/** Hours of day, months and the year boundaries are Belgian local time (STYLE.md: dates in Europe/Brussels). */
export const EVALUATION_TIME_ZONE = 'Europe/Brussels';

export const MINUTE_MS = 60_000;

/** The shares of an alert's audience whose time-to-reach the report gives. */
export const REACH_SHARES = [0.5, 0.9] as const;

export type Period = { from: number; to: number };

const wallClock = new Intl.DateTimeFormat('en-GB', { timeZone: EVALUATION_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });

/** The Belgian wall clock of an instant: year, month (1–12), day, hour (0–23), minute. */
export function localParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

/** The instant of a Belgian midnight (the offset is found by looking at the guess's own wall clock). */
function brusselsMidnight(year: number, month: number): number {
  const asUtc = Date.UTC(year, month - 1, 1);
  let guess = asUtc - 3_600_000;
  for (let i = 0; i < 2; i++) {
    const w = localParts(guess);
    const shownAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    guess += asUtc - shownAsUtc;
  }
  return guess;
}

/** A calendar year in Belgian time: [1 January 00:00, next 1 January 00:00). */
export function yearPeriod(year: number): Period {
  return { from: brusselsMidnight(year, 1), to: brusselsMidnight(year + 1, 1) };
}

/** The median of some numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * How long after `start` the `share` of an audience of `total` people was reached: the time of the
 * ceil(share × total)-th person reached. Null when the audience is empty or fewer were ever reached.
 */
export function timeToShare(start: number, total: number, reachedAt: readonly number[], share: number): number | null {
  if (total === 0) return null;
  const needed = Math.max(1, Math.ceil(share * total - 1e-9));
  if (reachedAt.length < needed) return null;
  const sorted = [...reachedAt].sort((a, b) => a - b);
  return Math.max(0, sorted[needed - 1]! - start);
}

/** Counts of something per key, in the order of `keys` (keys seen but not listed come after, sorted). */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string, keys: readonly string[] = []): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>(keys.map((key) => [key, 0]));
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  const extra = [...counts.keys()].filter((key) => !keys.includes(key)).sort();
  return [...keys, ...extra].map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

/**
 * Leave reasons as members typed them, counted by their text (trimmed, spaces collapsed, case
 * ignored; the first spelling seen is shown), most frequent first. `null`: no reason given.
 */
export function countReasons(reasons: ReadonlyArray<string | null>): { counted: Array<{ reason: string; count: number }>; withoutReason: number } {
  const byKey = new Map<string, { reason: string; count: number }>();
  let withoutReason = 0;
  for (const raw of reasons) {
    const reason = (raw ?? '').replace(/\s+/g, ' ').trim();
    if (reason === '') {
      withoutReason += 1;
      continue;
    }
    const key = reason.toLocaleLowerCase('nl');
    const entry = byKey.get(key) ?? { reason, count: 0 };
    entry.count += 1;
    byKey.set(key, entry);
  }
  const counted = [...byKey.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason, 'nl'));
  return { counted, withoutReason };
}

/**
 * Who sees a network's report: the BIN officer of its zone (the zone admin, who holds the
 * evaluation meeting), its coordinators, and its mandated officer or deputy (a police account of
 * the zone named on the network: `people`).
 */
export function maySeeNetworkEvaluation(actor: Actor | null, network: { id: string; zoneId: string }, people: ReadonlyArray<{ accountId: string; role: string }>): boolean {
  if (!actor) return false;
  if (can(actor, 'meetings.manage', { zoneId: network.zoneId })) return true;
  if (actor.grants.some((grant) => grant.role === 'coordinator' && grant.networkId === network.id)) return true;
  if (!can(actor, 'networks.read', { zoneId: network.zoneId })) return false;
  return people.some((person) => person.accountId === actor.accountId && (person.role === 'officer' || person.role === 'deputy_officer'));
}
