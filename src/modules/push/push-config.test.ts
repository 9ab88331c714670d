import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ensureGeneratedSecrets, loadConfig } from '../../config/config.ts';
import { vapidSubject } from '../../main.ts';

describe('VAPID keys and subject', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  const dataDir = () => {
    const folder = mkdtempSync(join(tmpdir(), 'waakzaam-vapid-'));
    folders.push(folder);
    return folder;
  };

  it('given no VAPID keys, the first start generates a pair into the data folder (owner only) and the next start reads the same pair', () => {
    const env = { WAAKZAAM_DATA_DIR: dataDir() };

    const first = ensureGeneratedSecrets(loadConfig(env));
    const second = ensureGeneratedSecrets(loadConfig(env));

    expect(first.push.vapidPublicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(first.push.vapidPrivateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.push).toEqual(first.push);
    expect(statSync(join(env.WAAKZAAM_DATA_DIR, 'secrets', 'vapid.json')).mode & 0o777).toBe(0o600);
  });

  it('given only one of the two keys, the start is refused instead of pairing it with a generated one', () => {
    expect(() => ensureGeneratedSecrets(loadConfig({ WAAKZAAM_DATA_DIR: dataDir(), WAAKZAAM_VAPID_PUBLIC_KEY: `B${'K'.repeat(86)}` }))).toThrow(ConfigError);
  });

  it('given no subject, an https platform is its own subject and an http one gives its sender address', () => {
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUBLIC_URL: 'https://bin.pz-zara.be' }))).toBe('https://bin.pz-zara.be');
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUBLIC_URL: 'http://localhost:3000', WAAKZAAM_EMAIL_FROM: 'bin@pz-zara.be' }))).toBe('mailto:bin@pz-zara.be');
    expect(vapidSubject(loadConfig({ WAAKZAAM_PUSH_SUBJECT: 'mailto:ops@pz-zara.be' }))).toBe('mailto:ops@pz-zara.be');
  });
});
