import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the Prometheus rules in the repository', () => {
  it('pass promtool check rules', async () => {
    const { stdout } = await promisify(execFile)('promtool', ['check', 'rules', 'ops/prometheus/waakzaam.rules.yml']);
    expect(stdout).toContain('SUCCESS: 3 rules found');
  });
});
