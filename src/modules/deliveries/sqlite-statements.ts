import type { SQLInputValue } from 'node:sqlite';
import type { CompiledQuery } from 'kysely';
import type { Database } from '../../db/database.ts';

import { preparedStatement } from '../../db/node-sqlite.dialect.ts';

/**
 * The queue's hot statements on SQLite, run on the connection directly whenever that is safe:
 * inside the caller's own transaction, or when no transaction is open on the connection at all
 * (`node:sqlite` runs a statement synchronously, so it cannot land inside another flow's
 * transaction). That skips the turn through the connection's mutex; the statement itself is the
 * one the dialect prepared once. Otherwise, and on PostgreSQL, the query goes through Kysely.
 */

type SqliteHandle = NonNullable<Database['sqlite']>;

/** The connection, when a statement may run on it directly now. */
export function directSqlite(database: Database): SqliteHandle | undefined {
  const { sqlite } = database;
  if (!sqlite) return undefined;
  return database.db.isTransaction || !sqlite.isTransaction ? sqlite : undefined;
}

type RowsQuery<O> = { compile: () => CompiledQuery<O>; execute: () => Promise<O[]> };
type ChangesQuery = { compile: () => CompiledQuery; executeTakeFirst: () => Promise<{ numUpdatedRows: bigint }> };

/** The rows a select or `update … returning` gives. */
export async function rowsOf<O>(database: Database, query: RowsQuery<O>): Promise<O[]> {
  const sqlite = directSqlite(database);
  if (!sqlite) return query.execute();
  const { sql, parameters } = query.compile();
  return preparedStatement(sqlite, sql).statement.all(...(parameters as SQLInputValue[])) as O[];
}

/** The number of rows an update changed. */
export async function changesOf(database: Database, query: ChangesQuery): Promise<number> {
  const sqlite = directSqlite(database);
  if (!sqlite) return Number((await query.executeTakeFirst()).numUpdatedRows);
  const { sql, parameters } = query.compile();
  return Number(preparedStatement(sqlite, sql).statement.run(...(parameters as SQLInputValue[])).changes);
}
