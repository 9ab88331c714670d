import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const UNIT = new URL('../../ops/systemd/waakzaam.service', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

describe('the systemd unit', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('given this checkout in place of /opt/waakzaam, systemd-analyze verifies the unit without a complaint', () => {
    folder = mkdtempSync(join(tmpdir(), 'waakzaam-unit-'));
    const unit = join(folder, 'waakzaam.service');
    writeFileSync(unit, readFileSync(UNIT, 'utf8').replaceAll('/opt/waakzaam', ROOT));
    const result = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('given the unit, it starts the pinned Node.js from node_modules, not the machine’s own node', () => {
    const execStart = readFileSync(UNIT, 'utf8').split('\n').find((line) => line.startsWith('ExecStart='));
    expect(execStart).toBe('ExecStart=/opt/waakzaam/node_modules/.bin/node /opt/waakzaam/bin/waakzaam.mjs serve');
  });
});
