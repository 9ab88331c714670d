import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../.ci/check-install-scripts.mjs');

function check(directory?: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [SCRIPT, ...(directory ? [directory] : [])], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, out: failed.stdout + failed.stderr };
  }
}

// Finding 8 of the security review: nothing checked the dependencies.
describe('install scripts of dependencies', () => {
  it('given this repository, every dependency with an install script is on the allow-list', () => {
    const result = check();
    expect(result.code).toBe(0);
    expect(result.out).toContain('allowed    argon2@');
  });

  it('given a lockfile with a new package that runs an install script, the check fails and names it', () => {
    const directory = mkdtempSync(join(tmpdir(), 'install-scripts-'));
    try {
      const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, object> };
      lock.packages['node_modules/left-pad-ng/node_modules/@evil/postinstall'] = { version: '1.0.0', hasInstallScript: true };
      writeFileSync(join(directory, 'package-lock.json'), JSON.stringify(lock));
      writeFileSync(join(directory, 'package.json'), readFileSync('package.json'));
      const result = check(directory);
      expect(result.code).toBe(1);
      expect(result.out).toContain('NOT ALLOWED @evil/postinstall@1.0.0');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
