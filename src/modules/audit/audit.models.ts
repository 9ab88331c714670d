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

/**
 * What verification can find: a row changed after it was written (`hash_mismatch`), a row that
 * does not point at its predecessor (`broken_link`), a gap in the seq numbers (`missing_row`), the
 * newest rows gone (`truncated`: the stored head points past the end), a head that disagrees with
 * the rows (`head_mismatch`) or no head at all (`head_missing`).
 */
export const CHAIN_PROBLEMS = ['hash_mismatch', 'broken_link', 'missing_row', 'truncated', 'head_mismatch', 'head_missing'] as const;
export type ChainProblem = { seq: number; problem: (typeof CHAIN_PROBLEMS)[number] };

/** The stored head: the seq and hash of the newest row, written with every append. */
export type ChainHead = { seq: number; hash: string };

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

/**
 * Compares the end of the walked chain with the stored head. The head is read before the walk
 * (every row up to it must be there, the last one with its hash) and again after it (no walked row
 * may lie beyond it), so appends that happen during a verification are not mistaken for tampering.
 */
export function verifyChainEnds({ last, headBefore, headAfter, hashAtHeadBefore }: {
  last: { seq: number } | null;
  headBefore: ChainHead | undefined;
  headAfter: ChainHead | undefined;
  /** The hash of the walked row whose seq is `headBefore.seq`, if that row was seen. */
  hashAtHeadBefore: string | undefined;
}): ChainProblem[] {
  const lastSeq = last?.seq ?? 0;
  if (!headBefore || !headAfter) return [{ seq: lastSeq, problem: 'head_missing' }];
  if (lastSeq < headBefore.seq) return [{ seq: lastSeq + 1, problem: 'truncated' }];
  const expected = headBefore.seq === 0 ? GENESIS_HASH : hashAtHeadBefore;
  if (expected !== headBefore.hash) return [{ seq: headBefore.seq, problem: 'head_mismatch' }];
  if (lastSeq > headAfter.seq) return [{ seq: headAfter.seq + 1, problem: 'head_mismatch' }];
  return [];
}
