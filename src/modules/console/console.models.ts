import { DELIVERY_CHANNELS, type DeliveryChannel, type DeliveryStatus } from '../deliveries/deliveries.models.ts';
import type { DeliveryCount, ReachPoint } from '../deliveries/deliveries.repository.ts';

/**
 * When a step has reached its person, per channel. A call, an SMS or a push message counts once
 * the provider reports it delivered (or the person acknowledged); an e-mail counts once the
 * receiving server accepted it (`sent`): SMTP reports nothing later unless it bounces.
 */
export const REACHED_STEP_STATUSES: Record<DeliveryChannel, readonly DeliveryStatus[]> = {
  voice: ['delivered', 'acknowledged'],
  sms: ['delivered', 'acknowledged'],
  push: ['delivered', 'acknowledged'],
  email: ['sent', 'delivered', 'acknowledged'],
};

/** The columns of the console's table per channel. */
export const CONSOLE_COLUMNS = ['planned', 'sending', 'sent', 'delivered', 'acknowledged', 'failed', 'cancelled'] as const;
export type ConsoleColumn = (typeof CONSOLE_COLUMNS)[number];

// A step waiting for its retry is still in progress; a skipped escalation step will never go out,
// like a cancelled one.
const COLUMN_OF: Record<DeliveryStatus, ConsoleColumn> = {
  planned: 'planned',
  sending: 'sending',
  retrying: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  acknowledged: 'acknowledged',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'cancelled',
};

export type ChannelRow = { channel: DeliveryChannel; counts: Record<ConsoleColumn, number>; total: number };

const emptyCounts = (): Record<ConsoleColumn, number> => ({ planned: 0, sending: 0, sent: 0, delivered: 0, acknowledged: 0, failed: 0, cancelled: 0 });

/**
 * The delivery engine's counts per channel × status as the console's rows (channels with steps only)
 * and a total row. An acknowledgement marks every step of the person, one per channel: the total's
 * "acknowledged" is the people who acknowledged (`acknowledgedPeople`, from the audience), so that it
 * matches the headline rather than counting a person once per channel.
 */
export function channelTable(counts: readonly DeliveryCount[], { acknowledgedPeople }: { acknowledgedPeople?: number } = {}): { rows: ChannelRow[]; total: ChannelRow['counts'] & { all: number } } {
  const rows = new Map<DeliveryChannel, ChannelRow>();
  const total = { ...emptyCounts(), all: 0 };
  for (const { channel, status, count } of counts) {
    const row = rows.get(channel) ?? { channel, counts: emptyCounts(), total: 0 };
    const column = COLUMN_OF[status];
    row.counts[column] += count;
    row.total += count;
    total[column] += count;
    total.all += count;
    rows.set(channel, row);
  }
  if (acknowledgedPeople !== undefined) total.acknowledged = acknowledgedPeople;
  return { rows: DELIVERY_CHANNELS.filter((channel) => rows.has(channel)).map((channel) => rows.get(channel)!), total };
}

export const MINUTE_MS = 60_000;
/** The curve shows at most two hours in minutes: after that the picture does not change much. */
export const MAX_CURVE_MINUTES = 120;

/** How many one-minute buckets the curve of an alert sent at `sentAt` has at `now` (at least one). */
export function curveMinutes(sentAt: number, now: number): number {
  return Math.min(MAX_CURVE_MINUTES, Math.max(1, Math.ceil((now - sentAt) / MINUTE_MS)));
}

export type CurvePoint = { minute: number; sent: number; delivered: number; acknowledged: number };

/** The repository's buckets as minutes since sending (minute 1 is the end of the first minute), starting at 0. */
export function curvePoints(sentAt: number, points: readonly ReachPoint[]): CurvePoint[] {
  return [{ minute: 0, sent: 0, delivered: 0, acknowledged: 0 }, ...points.map((p) => ({ minute: Math.round((p.at - sentAt) / MINUTE_MS), sent: p.sent, delivered: p.delivered, acknowledged: p.acknowledged }))];
}

export type CurveSeries = 'sent' | 'delivered' | 'acknowledged';
export const CURVE_SERIES: readonly CurveSeries[] = ['sent', 'delivered', 'acknowledged'];

/**
 * The SVG polylines of the curve in a `width` × `height` plot (y grows downwards), scaled to the
 * largest value (at least 1, so an empty curve lies flat on the axis).
 */
export function curvePolylines(points: readonly CurvePoint[], width: number, height: number): { max: number; lastMinute: number; lines: Record<CurveSeries, string> } {
  const max = Math.max(1, ...points.flatMap((p) => [p.sent, p.delivered, p.acknowledged]));
  const lastMinute = Math.max(1, ...points.map((p) => p.minute));
  const line = (series: CurveSeries) => points.map((p) => `${round((p.minute / lastMinute) * width)},${round(height - (p[series] / max) * height)}`).join(' ');
  return { max, lastMinute, lines: { sent: line('sent'), delivered: line('delivered'), acknowledged: line('acknowledged') } };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Minutes after which a red alert should have had its result message (see the issue: "after 60 minutes"). */
export const RESULT_REMINDER_MS = 60 * MINUTE_MS;

type AlertForReminder = { kind: string; severity: string; status: string; sentAt: number | null; sendAt: number };

/**
 * True when the incident's red first alert went out an hour ago or more and no result message
 * followed (a cancelled one does not count).
 */
export function needsResultReminder(alerts: readonly AlertForReminder[], now: number): boolean {
  const hasResult = alerts.some((alert) => alert.kind === 'result' && alert.status !== 'cancelled');
  if (hasResult) return false;
  return alerts.some((alert) => alert.severity === 'red' && alert.kind !== 'result' && alert.status !== 'cancelled' && alert.status !== 'draft' && now - (alert.sentAt ?? alert.sendAt) >= RESULT_REMINDER_MS);
}
