import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listConfigKeys } from './config.definition.ts';
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

  it('given the sizing tables of docs/alerts.md and docs/telephony.md, every default they quote is the code\'s default', () => {
    const defaults = new Map(listConfigKeys().map(({ definition }) => [definition.env, String(definition.default ?? '')]));
    const quoted: string[] = [];
    for (const doc of ['alerts.md', 'telephony.md']) {
      const text = readFileSync(new URL(`../../docs/${doc}`, import.meta.url), 'utf8');
      for (const [, env = '', value] of text.matchAll(/^\| `(WAAKZAAM_(?:DISPATCHER|SMPP)_[A-Z_]+)` \| `([^`]*)` \|/gm)) {
        quoted.push(env);
        expect({ env, value }).toEqual({ env, value: defaults.get(env) });
      }
    }
    expect(quoted).toEqual(expect.arrayContaining(['WAAKZAAM_DISPATCHER_VOICE_CONCURRENCY', 'WAAKZAAM_DISPATCHER_VOICE_RATE_PER_SECOND', 'WAAKZAAM_DISPATCHER_SMS_RATE_PER_SECOND']));
  });

  it('given no environment at all, the dispatcher leaves the pace to the providers: SMS uncapped, 30 calls at once, 5 call attempts a second', () => {
    const { dispatcher, sms } = loadConfig({});
    expect({ smsRate: dispatcher.smsRatePerSecond, smppRate: sms.smppRatePerSecond, calls: dispatcher.voiceConcurrency, callRate: dispatcher.voiceRatePerSecond }).toEqual({ smsRate: 0, smppRate: 0, calls: 30, callRate: 5 });
  });

  it('given no environment at all, the defaults make a valid configuration', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(3000);
    expect(config.metrics.token).toBeUndefined();
    expect(config.storage.databaseUrl).toBeUndefined();
  });
});
