import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DeliveriesTable } from '../../db/schema.ts';
import type { DeliveryChannel, DeliveryStatus } from './deliveries.models.ts';

/** The queue's rows as the rest of the code sees them, and the plan's multi-row insert. */

/** One step of an alert's plan: a person, a channel, where it goes and when. */
export type PlannedDelivery = {
  id: string;
  alertId: string;
  personId: string;
  channel: DeliveryChannel;
  contactPointId: string | null;
  /** E.164 or an e-mail address, as it was when the alert was planned. */
  destination: string;
  language: string;
  /** Order of the person's steps (0 first). */
  step: number;
  dueAt: number;
  /** An escalation step: skipped when the person acknowledged the alert before it was due. */
  unlessAcknowledged: boolean;
  /** Stable per step; drivers pass it to the provider so a resend after a crash is detectable. */
  idempotencyKey: string;
};

export type Delivery = PlannedDelivery & {
  status: DeliveryStatus;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  providerId: string | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
};

/**
 * Rows per insert statement: large enough that a 100,000-row plan is 200 statements, small enough
 * for the bound-parameter limits of both databases (13 values × 500 = 6,500).
 */
export const PLAN_BATCH_SIZE = 500;

/** The whole row a planned step is stored as. */
export function toDeliveryRow(step: PlannedDelivery, now: number): Insertable<DeliveriesTable> {
  return {
    id: step.id,
    alert_id: step.alertId,
    person_id: step.personId,
    channel: step.channel,
    contact_point_id: step.contactPointId,
    destination: step.destination,
    language: step.language,
    step: step.step,
    status: 'planned',
    attempts: 0,
    due_at: step.dueAt,
    unless_acknowledged: step.unlessAcknowledged ? 1 : 0,
    lease_owner: null,
    lease_until: null,
    idempotency_key: step.idempotencyKey,
    provider_id: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
    delivered_at: null,
  };
}

export function toDelivery(row: Selectable<DeliveriesTable>): Delivery {
  return {
    id: row.id,
    alertId: row.alert_id,
    personId: row.person_id,
    channel: row.channel as DeliveryChannel,
    contactPointId: row.contact_point_id,
    destination: row.destination,
    language: row.language,
    step: Number(row.step),
    dueAt: Number(row.due_at),
    unlessAcknowledged: Number(row.unless_acknowledged) === 1,
    idempotencyKey: row.idempotency_key,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    providerId: row.provider_id,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}

/**
 * The columns a plan writes; the others start empty or at their defaults (no attempt yet, no
 * lease, no outcome) and `status` is the literal 'planned': 13 bound values a row instead of 21.
 */
export const PLAN_COLUMNS = ['id', 'alert_id', 'person_id', 'channel', 'contact_point_id', 'destination', 'language', 'step', 'due_at', 'unless_acknowledged', 'idempotency_key', 'created_at', 'updated_at'] as const;
const planInsertTexts = new Map<string, string>();

/**
 * The multi-row insert of a plan batch, written once per dialect and row count: building and
 * compiling 500 rows through the query builder for every batch costs more than the database
 * spends storing them (see bench/delivery-planning.bench.ts).
 */
export function planInsertSql(dialect: Database['dialect'], rowCount: number): string {
  const key = `${dialect}:${rowCount}`;
  let text = planInsertTexts.get(key);
  if (!text) {
    let n = 0;
    const placeholder = () => (dialect === 'postgres' ? `$${++n}` : '?');
    const tuples = Array.from({ length: rowCount }, () => `(${PLAN_COLUMNS.map(placeholder).join(', ')}, 'planned')`);
    text = `insert into deliveries (${PLAN_COLUMNS.join(', ')}, status) values ${tuples.join(', ')}`;
    planInsertTexts.set(key, text);
  }
  return text;
}

/** A batch's bound values, row after row in PLAN_COLUMNS order. */
export function planParameters(batch: readonly PlannedDelivery[], now: number): unknown[] {
  const values = new Array<unknown>(batch.length * PLAN_COLUMNS.length);
  let i = 0;
  for (const step of batch) {
    values[i++] = step.id;
    values[i++] = step.alertId;
    values[i++] = step.personId;
    values[i++] = step.channel;
    values[i++] = step.contactPointId;
    values[i++] = step.destination;
    values[i++] = step.language;
    values[i++] = step.step;
    values[i++] = step.dueAt;
    values[i++] = step.unlessAcknowledged ? 1 : 0;
    values[i++] = step.idempotencyKey;
    values[i++] = now;
    values[i++] = now;
  }
  return values;
}
