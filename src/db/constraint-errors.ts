/**
 * Recognises a write refused by a UNIQUE or PRIMARY KEY constraint, on either database. A check
 * made before the write ("is this name free?") can lose a race with another request; the
 * constraint still holds, and this tells the caller to answer as the check would have.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  // PostgreSQL: SQLSTATE 23505 unique_violation. node:sqlite: the extended result code,
  // SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).
  return code === '23505' || (code === 'ERR_SQLITE_ERROR' && (errcode === 2067 || errcode === 1555));
}

/** Runs `write`; a unique violation becomes `conflict()`, the error the prior check throws. */
export async function unlessTaken<T>(write: () => Promise<T>, conflict: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
