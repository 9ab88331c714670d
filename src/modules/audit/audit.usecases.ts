import type { Clock } from '../../shared/clock.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import { type ChainProblem, verifyChainSegment } from './audit.models.ts';
import type { AuditRepository } from './audit.repository.ts';

/** Who did something, as the audit log records it. */
export type AuditActor = { actor: Actor | null; label?: string; ip?: string | null };

export type AuditRecord = {
  action: string;
  objectType?: string;
  objectId?: string;
  zoneId?: string | null;
  details?: Record<string, unknown>;
};

export type AuditLog = ReturnType<typeof createAuditLog>;

/** The audit log as the other use cases see it: `record` one staff action. */
export function createAuditLog({ audit, clock }: { audit: AuditRepository; clock: Clock }) {
  return {
    /** Appends who did what, when, from where, on which object. Never logs secrets: callers pass ids, not values. */
    record(by: AuditActor, record: AuditRecord) {
      return audit.append({
        at: clock.now(),
        actorId: by.actor?.accountId ?? null,
        actorLabel: by.actor ? `${by.actor.name} <${by.actor.email}>` : (by.label ?? 'system'),
        action: record.action,
        objectType: record.objectType ?? null,
        objectId: record.objectId ?? null,
        zoneId: record.zoneId ?? null,
        ip: by.ip ?? null,
        details: JSON.stringify(record.details ?? {}),
      });
    },
  };
}

/** Walks the whole chain in batches; returns the rows checked and every problem found. */
export async function verifyAuditChain({ audit, batchSize = 1000 }: { audit: AuditRepository; batchSize?: number }): Promise<{ checked: number; problems: ChainProblem[] }> {
  let previous: { seq: number; hash: string } | null = null;
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const batch = await audit.batchAfter(previous?.seq ?? 0, batchSize);
    if (batch.length === 0) break;
    problems.push(...verifyChainSegment(batch, previous));
    checked += batch.length;
    const last = batch[batch.length - 1]!;
    previous = { seq: last.seq, hash: last.hash };
  }
  return { checked, problems };
}
