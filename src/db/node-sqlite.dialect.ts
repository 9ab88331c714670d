import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * A Kysely dialect over Node's built-in SQLite (`node:sqlite`): no native module to build. The SQL
 * it speaks is Kysely's own SQLite dialect; only the driver is ours. SQLite has one connection per
 * handle, so queries take turns through a mutex as in Kysely's own SQLite driver, and every
 * statement is prepared once per handle and kept: preparing costs about as much as running a
 * short statement, and the queue's claims and inserts run thousands of times a minute.
 */
export class NodeSqliteDialect implements Dialect {
  readonly #sqlite: DatabaseSync;
  constructor(sqlite: DatabaseSync) {
    this.#sqlite = sqlite;
  }
  createDriver(): Driver {
    return new NodeSqliteDriver(this.#sqlite);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** How a handle is opened: the pragmas every connection of the platform runs with. */
export function openNodeSqlite(file: string, { wal = true }: { wal?: boolean } = {}): DatabaseSync {
  const sqlite = new DatabaseSync(file);
  configureNodeSqlite(sqlite, { wal: wal && file !== ':memory:' });
  return sqlite;
}

export function configureNodeSqlite(sqlite: DatabaseSync, { wal }: { wal: boolean }): void {
  if (wal) sqlite.exec('pragma journal_mode = WAL');
  sqlite.exec('pragma foreign_keys = ON');
  sqlite.exec('pragma busy_timeout = 5000');
  sqlite.exec('pragma synchronous = NORMAL');
}

type Prepared = { statement: StatementSync; reader: boolean };

// Distinct texts differ by table, dialect and batch size: a few hundred per handle at most.
const MAX_STATEMENTS = 512;
const statements = new WeakMap<DatabaseSync, Map<string, Prepared>>();

/** The statement for `sql` on this handle, prepared on first use and kept. */
export function preparedStatement(sqlite: DatabaseSync, sql: string): Prepared {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) {
    const statement = sqlite.prepare(sql);
    prepared = { statement, reader: statement.columns().length > 0 };
    // Past the bound the oldest text goes: a map iterates in insertion order.
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
    cache.set(sql, prepared);
  }
  return prepared;
}

function bind(parameters: readonly unknown[]): SQLInputValue[] {
  return parameters as SQLInputValue[];
}

class NodeSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  readonly #connection: NodeSqliteConnection;
  readonly #sqlite: DatabaseSync;
  constructor(sqlite: DatabaseSync) {
    this.#sqlite = sqlite;
    this.#connection = new NodeSqliteConnection(sqlite);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteName(name)}`));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteName(name)}`));
  }
  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }
  async destroy(): Promise<void> {
    statements.delete(this.#sqlite);
    if (this.#sqlite.isOpen) this.#sqlite.close();
  }
}

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

class NodeSqliteConnection implements DatabaseConnection {
  readonly #sqlite: DatabaseSync;
  constructor(sqlite: DatabaseSync) {
    this.#sqlite = sqlite;
  }
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, reader } = preparedStatement(this.#sqlite, compiled.sql);
    const parameters = bind(compiled.parameters);
    if (reader) return { rows: statement.all(...parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('node:sqlite streams select queries only');
    // A statement being iterated cannot serve another query: streams get one of their own.
    const statement = this.#sqlite.prepare(compiled.sql);
    for (const row of statement.iterate(...bind(compiled.parameters))) yield { rows: [row as R] };
  }
}

/** One query or transaction at a time on the single connection. */
class ConnectionMutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;
  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }
  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}
