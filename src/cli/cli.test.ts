import { describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { COMMANDS } from './cli.ts';

describe('the command line', () => {
  it.each(Object.keys(COMMANDS))('given `%s --help`, it prints the usage and exits 0', async (name) => {
    const sandbox = createCliSandbox();
    const result = await sandbox.run([name, '--help']);
    sandbox.remove();
    expect(result.code).toBe(0);
    expect(result.out).toContain(COMMANDS[name]!.usage);
  });

  it('given an unknown command, it says so in one line and exits 1', async () => {
    const sandbox = createCliSandbox();
    const result = await sandbox.run(['frobnicate']);
    sandbox.remove();
    expect(result).toMatchObject({ code: 1, errLines: 1 });
    expect(result.err).toContain('unknown command "frobnicate"');
  });

  it('given an invalid configuration, the command stops with the problems and exit code 1', async () => {
    const sandbox = createCliSandbox();
    const result = await sandbox.run(['audit', 'verify'], { WAAKZAAM_PORT: 'eighty' });
    sandbox.remove();
    expect(result.code).toBe(1);
    expect(result.err).toContain('WAAKZAAM_PORT="eighty"');
  });
});
