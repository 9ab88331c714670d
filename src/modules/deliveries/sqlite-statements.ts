import type { CompiledQuery } from 'kysely';
import type { Database } from '../../db/database.ts';

/**
 * The queue's hot statements on SQLite. Kysely prepares every statement anew, and preparing the
 * claim (or a 500-row insert) costs about as much as running it: at thousands of sends a minute the
 * dispatcher would spend half its database time parsing SQL. These helpers run a query through a
 * prepared statement kept per connection instead, whenever that is safe: inside the caller's own
 * transaction, or when no transaction is open on the connection at all (better-sqlite3 runs a
 * statement synchronously, so it cannot land inside another flow's transaction). Otherwise, and on
 * PostgreSQL, the query goes through Kysely as usual.
 */

type SqliteHandle = NonNullable<Database['sqlite']>;
type SqliteStatement = ReturnType<SqliteHandle['prepare']>;

// Texts differ only by dialect and batch size: a handful per connection.
const MAX_CACHED = 64;
const cache = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>();

/** A prepared statement for `text` on this connection, prepared once. */
export function preparedStatement(sqlite: SqliteHandle, text: string): SqliteStatement {
  let statements = cache.get(sqlite);
  if (!statements) cache.set(sqlite, (statements = new Map()));
  let statement = statements.get(text);
  if (!statement) {
    statement = sqlite.prepare(text);
    if (statements.size < MAX_CACHED) statements.set(text, statement);
  }
  return statement;
}

/** The connection, when a statement may run on it directly now. */
export function directSqlite(database: Database): SqliteHandle | undefined {
  const { sqlite } = database;
  if (!sqlite) return undefined;
  return database.db.isTransaction || !sqlite.inTransaction ? sqlite : undefined;
}

type RowsQuery<O> = { compile: () => CompiledQuery<O>; execute: () => Promise<O[]> };
type ChangesQuery = { compile: () => CompiledQuery; executeTakeFirst: () => Promise<{ numUpdatedRows: bigint }> };

/** The rows a select or `update … returning` gives. */
export async function rowsOf<O>(database: Database, query: RowsQuery<O>): Promise<O[]> {
  const sqlite = directSqlite(database);
  if (!sqlite) return query.execute();
  const { sql, parameters } = query.compile();
  return preparedStatement(sqlite, sql).all(parameters as unknown[]) as O[];
}

/** The number of rows an update changed. */
export async function changesOf(database: Database, query: ChangesQuery): Promise<number> {
  const sqlite = directSqlite(database);
  if (!sqlite) return Number((await query.executeTakeFirst()).numUpdatedRows);
  const { sql, parameters } = query.compile();
  return preparedStatement(sqlite, sql).run(parameters as unknown[]).changes;
}
