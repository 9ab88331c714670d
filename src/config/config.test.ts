import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, renderConfigurationDoc } from './config.ts';

describe('configuration', () => {
  it('given the definition, docs/configuration.md is up to date (run `npm run docs:config` when this fails)', () => {
    const written = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    expect(written).toBe(renderConfigurationDoc());
  });

  it('given several bad values, loading fails once and lists every problem, secrets hidden', () => {
    let error: unknown;
    try {
      loadConfig({ WAAKZAAM_PORT: 'eighty', WAAKZAAM_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://root:hunter2@db/waakzaam', WAAKZAAM_METRICS_TOKEN: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split('=')[0])).toEqual(['WAAKZAAM_PORT', 'DATABASE_URL', 'WAAKZAAM_LOG_LEVEL', 'WAAKZAAM_METRICS_TOKEN']);
    expect((error as ConfigError).message).not.toContain('hunter2');
    expect((error as ConfigError).message).not.toContain('short');
  });

  it('given no environment at all, the defaults make a valid configuration', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(3000);
    expect(config.metrics.token).toBeUndefined();
    expect(config.storage.databaseUrl).toBeUndefined();
  });
});
