import { sha256Hex } from '../../shared/crypto.ts';

/** The first row's prev_hash: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  seq: number;
  at: number;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  zoneId: string | null;
  ip: string | null;
  details: string;
  prevHash: string;
  hash: string;
};

/**
 * The hash covers every field of the row and the previous row's hash, in a fixed order, so
 * changing, deleting or reordering any row breaks the chain from that row on.
 */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(
    JSON.stringify([entry.seq, entry.at, entry.actorId, entry.actorLabel, entry.action, entry.objectType, entry.objectId, entry.zoneId, entry.ip, entry.details, entry.prevHash]),
  );
}

export type ChainProblem = { seq: number; problem: 'hash_mismatch' | 'broken_link' | 'missing_row' };

/** Checks entries given in seq order, continuing from `previous` (the last verified row). */
export function verifyChainSegment(entries: readonly AuditEntry[], previous: { seq: number; hash: string } | null): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let last = previous ?? { seq: 0, hash: GENESIS_HASH };
  for (const entry of entries) {
    if (entry.seq !== last.seq + 1) problems.push({ seq: entry.seq, problem: 'missing_row' });
    if (entry.prevHash !== last.hash) problems.push({ seq: entry.seq, problem: 'broken_link' });
    if (hashAuditEntry(entry) !== entry.hash) problems.push({ seq: entry.seq, problem: 'hash_mismatch' });
    last = { seq: entry.seq, hash: entry.hash };
  }
  return problems;
}
