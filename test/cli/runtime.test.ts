import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Manifest = { version: string; engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;
const LAUNCHER = new URL('../../bin/waakzaam.mjs', import.meta.url).pathname;
// The machine's own Node.js (Node 20 on these machines), as an operator may have on the PATH; the
// pinned one where there is no other.
const OTHER_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path)) ?? process.execPath;

describe('the runtime', () => {
  it('given the pinned Node.js, the suite runs on exactly that version, a long-term-support release', () => {
    // Fails when `npm test` runs on any other Node, e.g. a machine's own Node 20.
    expect(process.versions.node).toBe(manifest.engines.node);
    expect(manifest.dependencies.node).toBe(manifest.engines.node);
    expect(process.release.lts, 'an LTS line').toBeTruthy();
  });

  it('given the type definitions, they describe the same Node.js major as runs', () => {
    const major = manifest.engines.node.split('.')[0];
    expect(manifest.devDependencies['@types/node']).toMatch(new RegExp(`^\\^?${major}\\.`));
  });

  it('given no native SQLite module, the database runs on Node’s own node:sqlite', async () => {
    expect(manifest.dependencies).not.toHaveProperty('better-sqlite3');
    const { DatabaseSync } = await import('node:sqlite');
    const sqlite = new DatabaseSync(':memory:');
    expect(sqlite.prepare('select sqlite_version() as version').get()).toMatchObject({ version: expect.stringMatching(/^3\./) });
    sqlite.close();
  });

  it('given the waakzaam command started by the machine’s own Node.js, it runs itself on the pinned one', () => {
    const result = spawnSync(OTHER_NODE, [LAUNCHER, '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`waakzaam ${manifest.version} on Node.js ${manifest.engines.node}`);
  }, 120_000);
});
