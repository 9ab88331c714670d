/**
 * Recognises a write refused by a UNIQUE or PRIMARY KEY constraint, on either database. A check
 * made before the write ("is this name free?") can lose a race with another request; the
 * constraint still holds, and this tells the caller to answer as the check would have.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL: SQLSTATE 23505 unique_violation. better-sqlite3: the extended result code.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
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
