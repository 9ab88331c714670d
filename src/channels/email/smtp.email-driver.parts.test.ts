import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { createSmtpEmailDriver, messageIdFor, outcomeOfSmtpError, parseSmtpUrl, queueIdOf, smtpOptionsFromConfig } from './smtp.email-driver.ts';

const error = (fields: { code?: string; response?: string; responseCode?: number; message?: string }) => Object.assign(new Error(fields.message ?? 'failed'), fields);

describe('SMTP replies and settings', () => {
  it.each([
    ['250 2.0.0 Ok: queued as 4BxYz12Q', '4BxYz12Q'],
    ['250 OK id=1qAbCd-000Ef-GH', '1qAbCd-000Ef-GH'],
    ['250 Ok 0100018c4f1e2d3a-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901-000000', '0100018c4f1e2d3a-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901-000000'],
    ['250 Message accepted for delivery', undefined],
  ])('given the reply "%s", the queue id is %s', (reply, id) => {
    expect(queueIdOf(reply)).toBe(id);
  });

  it('given idempotency keys that differ only in punctuation, their Message-IDs differ and are valid', () => {
    const ids = ['a:b', 'a=3Ab', 'a.b', 'a b', 'ä'].map((key) => messageIdFor(key, 'BIN@PZ.example.be'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^<[A-Za-z0-9_=-]+@pz\.example\.be>$/);
  });

  it.each([
    [{ code: 'EENVELOPE', response: '450 4.2.0 Mailbox busy', responseCode: 450 }, 'failed_retryable'],
    [{ code: 'EMESSAGE', response: '452 4.3.1 Insufficient storage', responseCode: 452 }, 'failed_retryable'],
    [{ code: 'EMESSAGE', response: '503 5.5.1 Bad sequence of commands', responseCode: 503 }, 'failed_retryable'],
    [{ code: 'EMESSAGE', response: '554 5.7.1 Message refused as spam', responseCode: 554 }, 'failed_permanent'],
    [{ code: 'EAUTH', response: '535 5.7.8 Authentication failed', responseCode: 535 }, 'failed_retryable'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'failed_retryable'],
    [{ code: 'EENVELOPE', message: 'Invalid recipient "not an address"' }, 'failed_permanent'],
  ])('given the error %o, the outcome is %s', (fields, kind) => {
    expect(outcomeOfSmtpError(error(fields)).kind).toBe(kind);
  });

  it('given relay URLs, host, port, TLS and URL-encoded credentials are read from them', () => {
    expect(parseSmtpUrl('smtp://relay.example.be')).toEqual({ host: 'relay.example.be', port: 587, secure: false });
    expect(parseSmtpUrl('smtps://bin%40pz.be:p%2Fw@relay.example.be')).toEqual({ host: 'relay.example.be', port: 465, secure: true, user: 'bin@pz.be', password: 'p/w' });
    expect(parseSmtpUrl('smtp://[::1]:2525')).toMatchObject({ host: '::1', port: 2525 });
  });

  it('given the smtp driver, its settings come from the environment and a missing URL or half a DKIM set is refused', () => {
    const config = loadConfig({ WAAKZAAM_EMAIL_DRIVER: 'smtp', WAAKZAAM_SMTP_URL: 'smtp://relay.example.be:2525', WAAKZAAM_SMTP_POOL_SIZE: '3', WAAKZAAM_SMTP_RATE_PER_SECOND: '20', WAAKZAAM_EMAIL_FROM: 'bin@pz.be', WAAKZAAM_EMAIL_FROM_NAME: 'BIN PZ' });
    expect(smtpOptionsFromConfig(config.email)).toEqual({ url: 'smtp://relay.example.be:2525', requireTls: true, from: { name: 'BIN PZ', address: 'bin@pz.be' }, poolSize: 3, messagesPerConnection: 100, ratePerSecond: 20 });
    expect(() => smtpOptionsFromConfig(loadConfig({ WAAKZAAM_EMAIL_DRIVER: 'smtp' }).email)).toThrow(ConfigError);
    expect(() => smtpOptionsFromConfig(loadConfig({ WAAKZAAM_SMTP_URL: 'smtp://relay', WAAKZAAM_DKIM_DOMAIN: 'pz.be' }).email)).toThrow(/set all three/);
    expect(() => loadConfig({ WAAKZAAM_SMTP_URL: 'http://relay.example.be' })).toThrow(/WAAKZAAM_SMTP_URL=\(hidden\)/);
  });

  it('given a DKIM key in the variable with its line breaks written as \\n, it is read as PEM and the driver accepts it', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const config = loadConfig({ WAAKZAAM_SMTP_URL: 'smtp://127.0.0.1:25', WAAKZAAM_DKIM_DOMAIN: 'pz.be', WAAKZAAM_DKIM_SELECTOR: 's1', WAAKZAAM_DKIM_PRIVATE_KEY: pem.trim().replaceAll('\n', '\\n') });
    const options = smtpOptionsFromConfig(config.email);
    expect(options.dkim).toEqual({ domain: 'pz.be', selector: 's1', privateKey: pem.trim() });
    await createSmtpEmailDriver(options).close?.();
  });
});
