import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Config, listConfigKeys } from './config.definition.ts';

export type { Config } from './config.definition.ts';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads every key from the environment (or `<ENV>_FILE` for secrets), validates all of them and
 * reports every problem at once. The only place that reads process.env.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const result: Record<string, Record<string, unknown>> = {};
  for (const { path, definition } of listConfigKeys()) {
    const [section, name] = path.split('.') as [string, string];
    let raw: unknown = env[definition.env];
    const file = env[`${definition.env}_FILE`];
    if ((raw === undefined || raw === '') && definition.secret && file) {
      try {
        raw = readFileSync(file, 'utf8').trim();
      } catch (error) {
        problems.push(`${definition.env}_FILE: cannot read ${file} (${(error as Error).message})`);
        continue;
      }
    }
    if (raw === undefined || raw === '') raw = definition.default;
    const parsed = definition.schema.safeParse(raw);
    if (!parsed.success) {
      const shown = definition.secret ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${definition.env}=${shown}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      continue;
    }
    (result[section] ??= {})[name] = parsed.data;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = result as { server: Record<string, unknown>; storage: Record<string, unknown> };
  config.server.publicUrl = String(config.server.publicUrl ?? `http://localhost:${String(config.server.port)}`).replace(/\/$/, '');
  config.storage.dataDir = resolve(String(config.storage.dataDir));
  return config as unknown as Config;
}

/** The configuration as markdown, for docs/configuration.md. */
export function renderConfigurationDoc(): string {
  const lines = [
    '# Configuration',
    '',
    'Waakzaam reads its configuration from environment variables, once, at start. A bad value stops the',
    'start with the list of every problem. Secrets may also be read from a file named by `<VARIABLE>_FILE`',
    '(for Docker or systemd credentials); they are never logged.',
    '',
    'This page is generated from `src/config/config.definition.ts` by `npm run docs:config`.',
    '',
    '| Variable | Default | Description |',
    '| --- | --- | --- |',
  ];
  for (const { definition } of listConfigKeys()) {
    const fallback = definition.default === undefined ? '' : `\`${String(definition.default)}\``;
    const secret = definition.secret ? ' Secret: also read from `' + definition.env + '_FILE`.' : '';
    lines.push(`| \`${definition.env}\` | ${fallback} | ${definition.doc.replace(/\|/g, '\\|')}${secret} |`);
  }
  return `${lines.join('\n')}\n`;
}
