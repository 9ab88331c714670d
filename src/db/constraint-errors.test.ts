import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../test/support/databases.ts';
import { isUniqueViolation, unlessTaken } from './constraint-errors.ts';

describe.each(TEST_DIALECTS)('unique violations on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await sql`create table things (id text primary key, name text not null unique, other text)`.execute(database.db);
    await sql`insert into things (id, name) values ('a', 'same')`.execute(database.db);
  });
  afterEach(() => database.destroy());

  const failureOf = (write: Promise<unknown>) => write.then(() => undefined, (error: unknown) => error);

  it('given a second row with a taken unique value or primary key, the error is recognised', async () => {
    expect(isUniqueViolation(await failureOf(sql`insert into things (id, name) values ('b', 'same')`.execute(database.db)))).toBe(true);
    expect(isUniqueViolation(await failureOf(sql`insert into things (id, name) values ('a', 'other')`.execute(database.db)))).toBe(true);
  });

  it('given other failures (a NOT NULL column, a missing table), the error is not a unique violation', async () => {
    expect(isUniqueViolation(await failureOf(sql`insert into things (id, name) values ('c', null)`.execute(database.db)))).toBe(false);
    expect(isUniqueViolation(await failureOf(sql`select * from nothing_here`.execute(database.db)))).toBe(false);
    expect(isUniqueViolation(new Error('plain'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });

  it('given a write losing the race, unlessTaken throws the caller’s conflict; other errors pass unchanged', async () => {
    const taken = new Error('taken');
    await expect(unlessTaken(() => sql`insert into things (id, name) values ('d', 'same')`.execute(database.db), () => taken)).rejects.toBe(taken);
    await expect(unlessTaken(() => sql`select * from nothing_here`.execute(database.db), () => taken)).rejects.not.toBe(taken);
    await expect(unlessTaken(async () => 42, () => taken)).resolves.toBe(42);
  });
});
