import { writeFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type Config, ConfigError, loadConfig, renderConfigurationDoc } from '../config/config.ts';
import { bootApp, startPlatform } from '../main.ts';
import { addressesCommand } from './addresses.ts';
import { adminCommand } from './admin.ts';
import { auditCommand } from './audit.ts';
import { backupCommand } from './backup.ts';
import { demoCommand } from './demo.ts';
import { networksCommand } from './networks.ts';
import { retentionCommand } from './retention.ts';

/** A command: its one-line summary, its usage text, its options and what it does. */
export type Command = {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  positionals?: boolean;
  run: (args: {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
    out: (line: string) => void;
    /** The configuration from the environment runCli was given (tests pass their own). */
    config: () => Config;
  }) => Promise<number>;
};

/** What a run of the command line reads and writes besides stdout: the environment and stderr. */
export type CliContext = { env?: Record<string, string | undefined>; printError?: (line: string) => void };

/** Errors a person can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Start the web server and the background roles.',
    usage: 'waakzaam serve [--demo]',
    options: { demo: { type: 'boolean' } },
    run: async ({ values, out }) => {
      const app = await bootApp(loadConfig());
      if (values.demo) {
        const { loadDemo } = await import('./demo.ts');
        await loadDemo(app, out);
      }
      // The alerts' renderer: with it registered, serve starts the dispatcher. Here rather than in
      // main.ts, so that tests of main.ts choose their own renderer.
      await import('../modules/alerts/alerts.start.ts');
      const platform = await startPlatform(app);
      out(`Waakzaam is running at ${platform.url} (database: ${app.database.location})`);
      const { announceFirstRun } = await import('../modules/accounts/setup.usecases.ts');
      await announceFirstRun(app, out);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      out('Stopping...');
      await platform.stop();
      return 0;
    },
  },
  migrate: {
    summary: 'Bring the database schema up to date (also done at every start).',
    usage: 'waakzaam migrate',
    run: async ({ out }) => {
      const app = await bootApp(loadConfig());
      out(`Database is up to date (${app.database.location}).`);
      await app.database.close();
      return 0;
    },
  },
  config: {
    summary: 'Print the configuration reference (markdown); --write updates docs/configuration.md.',
    usage: 'waakzaam config docs [--write]',
    options: { write: { type: 'boolean' } },
    positionals: true,
    run: async ({ values, positionals, out }) => {
      if (positionals[0] !== 'docs') throw new CliError('usage: waakzaam config docs [--write]');
      const doc = renderConfigurationDoc();
      if (values.write) {
        writeFileSync(new URL('../../docs/configuration.md', import.meta.url), doc);
        out('docs/configuration.md written.');
      } else {
        out(doc);
      }
      return 0;
    },
  },
  addresses: addressesCommand,
  admin: adminCommand,
  audit: auditCommand,
  backup: backupCommand,
  demo: demoCommand,
  networks: networksCommand,
  retention: retentionCommand,
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'Usage: waakzaam <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `waakzaam <command> --help` for the options of a command, `waakzaam --version` for the versions.',
  ].join('\n');
}

/** Runs the command line; returns the exit code. Errors are one clear line. */
export async function runCli(argv: readonly string[], print: (line: string) => void = out, context: CliContext = {}): Promise<number> {
  const printError = context.printError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    print(help());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    printError(`waakzaam: unknown command "${name}". Run "waakzaam --help".`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    print(`${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: command.options ?? {}, allowPositionals: command.positionals ?? false, strict: true });
    return await command.run({ values: values as Record<string, string | boolean | undefined>, positionals, out: print, config: () => loadConfig(context.env) });
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    printError(`waakzaam ${name}: ${message}`);
    return 1;
  }
}
