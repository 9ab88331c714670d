import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { backup } from 'node:sqlite';
import { dirname, join, resolve } from 'node:path';
import { openConfiguredDatabase } from '../main.ts';
import { CliError, type Command } from './cli.ts';

/** Quotes a word for a POSIX shell. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The pg_dump command for a database URL, without its password: pg_dump then asks for it, or takes
 * it from ~/.pgpass or PGPASSWORD, and the password never lands in shell history.
 */
export function pgDumpCommand(databaseUrl: string, file: string): { command: string; hadPassword: boolean } {
  const url = new URL(databaseUrl);
  const hadPassword = url.password !== '';
  url.password = '';
  return { command: `pg_dump --format=custom --no-owner --file=${shellQuote(file)} --dbname=${shellQuote(url.toString())}`, hadPassword };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const backupCommand: Command = {
  summary: 'Copy the SQLite database to FILE while Waakzaam runs; on PostgreSQL, print the pg_dump command.',
  usage: 'waakzaam backup FILE',
  positionals: true,
  run: async ({ positionals, out, config }) => {
    if (positionals.length !== 1) throw new CliError('usage: waakzaam backup FILE');
    const target = resolve(positionals[0]!);
    const settings = config();
    if (settings.storage.databaseUrl) {
      const { command, hadPassword } = pgDumpCommand(settings.storage.databaseUrl, target);
      out('The database is PostgreSQL: back it up with pg_dump (restore with pg_restore, see docs/operations.md):');
      out('');
      out(`  ${command}`);
      if (hadPassword) out('\nThe password is left out: pg_dump asks for it, or reads it from ~/.pgpass or PGPASSWORD.');
      return 0;
    }
    if (existsSync(target)) throw new CliError(`${target} exists already; choose a new file name`);
    if (!existsSync(dirname(target))) throw new CliError(`folder ${dirname(target)} does not exist`);
    // The same file openConfiguredDatabase opens; checked first because opening would create it.
    const source = join(settings.storage.dataDir, 'waakzaam.sqlite');
    if (!existsSync(source)) throw new CliError(`no database at ${source} (check WAAKZAAM_DATA_DIR)`);
    // Opened without migrating: a backup taken before an upgrade must hold the old schema.
    const database = openConfiguredDatabase(settings);
    try {
      // Every member's personal data is in it: readable by its owner only, from the first byte on
      // (created empty with mode 0600, which the copy keeps, and set again after it).
      writeFileSync(target, '', { mode: 0o600, flag: 'wx' });
      // SQLite's online backup API: a consistent copy while the server keeps writing.
      await backup(database.sqlite!, target);
      chmodSync(target, 0o600);
    } finally {
      await database.close();
    }
    out(`Backup of ${source} written to ${target} (${formatSize(statSync(target).size)}).`);
    return 0;
  },
};
