import type { Clock } from '../../shared/clock.ts';
import { type Actor, assertCan, zonesFor } from '../accounts/authorization.models.ts';
import { type AuditEntry, type ChainProblem, verifyChainEnds, verifyChainSegment } from './audit.models.ts';
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
        actorLabel: by.actor ? (by.actor.apiClientId ? `API client ${by.actor.name}` : `${by.actor.name} <${by.actor.email}>`) : (by.label ?? 'system'),
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

/**
 * Walks the whole chain in batches and compares its end with the stored head; returns the rows
 * checked and every problem found.
 */
export async function verifyAuditChain({ audit, batchSize = 1000 }: { audit: AuditRepository; batchSize?: number }): Promise<{ checked: number; problems: ChainProblem[] }> {
  const headBefore = await audit.head();
  let previous: { seq: number; hash: string } | null = null;
  let hashAtHeadBefore: string | undefined;
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const batch = await audit.batchAfter(previous?.seq ?? 0, batchSize);
    if (batch.length === 0) break;
    problems.push(...verifyChainSegment(batch, previous));
    checked += batch.length;
    hashAtHeadBefore ??= batch.find((entry) => entry.seq === headBefore?.seq)?.hash;
    const last = batch[batch.length - 1]!;
    previous = { seq: last.seq, hash: last.hash };
  }
  problems.push(...verifyChainEnds({ last: previous, headBefore, headAfter: await audit.head(), hashAtHeadBefore }));
  return { checked, problems };
}

export type AuditPage = { entries: AuditEntry[]; nextBeforeSeq: number | null };

/**
 * The audit entries an actor may read, newest first: a zone admin sees the entries of their zones,
 * a platform admin every entry. Reading the audit log is not itself audited.
 */
export async function listAuditEntries({ actor, audit, beforeSeq, limit, actionPrefix }: {
  actor: Actor | null;
  audit: AuditRepository;
  beforeSeq?: number | undefined;
  limit: number;
  actionPrefix?: string | undefined;
}): Promise<AuditPage> {
  assertCan(actor, 'audit.read');
  // One row more than shown tells whether an older page exists.
  const rows = await audit.list({ zoneIds: zonesFor(actor, 'audit.read'), beforeSeq, limit: limit + 1, actionPrefix });
  const entries = rows.slice(0, limit);
  return { entries, nextBeforeSeq: rows.length > limit ? entries[entries.length - 1]!.seq : null };
}
