import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/cli.ts';

/** A throwaway data folder and the environment that points Waakzaam at it, quietly. */
export function createCliSandbox(extraEnv: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'waakzaam-cli-'));
  const env: Record<string, string> = { WAAKZAAM_DATA_DIR: dataDir, WAAKZAAM_LOG_LEVEL: 'silent', ...extraEnv };
  return {
    dataDir,
    env,
    /** Runs the command line as `waakzaam ...argv` would, collecting stdout and stderr. */
    async run(argv: string[], overrides: Record<string, string> = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, (line) => out.push(line), { env: { ...env, ...overrides }, printError: (line) => err.push(line) });
      return { code, out: out.join('\n'), err: err.join('\n'), errLines: err.length };
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
