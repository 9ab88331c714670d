import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { dkimVerify } from 'mailauth';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from '../../../test/support/smtp-sink.ts';
import type { EmailDriver } from './email.channel.ts';
import { renderEmailLayout } from './email-layout.tsx';
import { createSmtpEmailDriver, type SmtpEmailDriverOptions } from './smtp.email-driver.ts';

const open: Array<{ stop?: () => Promise<void>; close?: () => Promise<void> }> = [];

afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await (resource.close ?? resource.stop)?.();
});

async function sink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  open.push(started);
  return started;
}

function driver(url: string, options: Partial<SmtpEmailDriverOptions> = {}): EmailDriver {
  const created = createSmtpEmailDriver({
    url,
    requireTls: false,
    from: { name: 'BIN PZ Voorbeeld', address: 'bin@pz-voorbeeld.be' },
    poolSize: 5,
    timeouts: { connect: 2_000, greeting: 2_000, socket: 5_000 },
    ...options,
  });
  open.push(created);
  return created;
}

const plain = (n: number) => ({ to: `member-${String(n)}@example.test`, subject: `Message ${String(n)}`, text: `Body ${String(n)}`, idempotencyKey: `delivery-${String(n)}` });

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('the SMTP e-mail driver against a real SMTP server', () => {
  it('given a laid-out message, it arrives with both parts, the sender, Message-ID, unsubscribe headers, language and a working link', async () => {
    const server = await sink();
    const email = renderEmailLayout({
      locale: 'fr',
      subject: 'Vol dans la rue de l’Église',
      heading: 'Soyez vigilants',
      paragraphs: ['Deux personnes ont été vues près des garages.'],
      button: { label: 'J’ai lu ce message', url: 'https://bin.example.be/a/abc123?t=x&y=1' },
      zoneName: 'PZ Voorbeeld',
      unsubscribeUrl: 'https://bin.example.be/unsubscribe/tok42',
    });

    const outcome = await driver(server.url).send({ to: 'lid@example.test', idempotencyKey: 'alert-7:person-9:email', ...email });

    expect(outcome).toEqual({ kind: 'sent', providerId: server.messages[0]!.queueId });
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]!.envelope).toEqual({ from: 'bin@pz-voorbeeld.be', to: ['lid@example.test'] });
    const mail = await server.parse(server.messages[0]!);
    expect(mail.from?.value).toEqual([{ name: 'BIN PZ Voorbeeld', address: 'bin@pz-voorbeeld.be' }]);
    expect(mail.subject).toBe('Vol dans la rue de l’Église');
    expect(mail.messageId).toBe('<alert-7=3Aperson-9=3Aemail@pz-voorbeeld.be>');
    const header = (key: string) => mail.headerLines.find((line) => line.key === key)?.line;
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://bin.example.be/unsubscribe/tok42>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headers.get('content-language')).toBe('fr');
    expect(mail.text).toContain('Deux personnes ont été vues près des garages.');
    expect(mail.html).toContain('<html lang="fr">');
    const href = /<a href="([^"]+)"[^>]*>J’ai lu ce message<\/a>/.exec(String(mail.html))?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBe('https://bin.example.be/a/abc123?t=x&y=1');
    expect(mail.text).toContain(`\n${href!}\n`);
  });

  it('given a sender without a display name, the platform name is shown with it', async () => {
    const server = await sink();
    await driver(server.url).send({ ...plain(1), from: 'pz-demo@example.be' });
    const mail = await server.parse(server.messages[0]!);
    expect(mail.from?.value).toEqual([{ name: 'BIN PZ Voorbeeld', address: 'pz-demo@example.be' }]);
    expect(mail.messageId).toBe('<delivery-1@example.be>');
  });

  it('given a resend of the same delivery after a crash, both copies carry the same Message-ID', async () => {
    const server = await sink();
    const smtp = driver(server.url);
    await smtp.send(plain(3));
    await smtp.send(plain(3));
    expect([...server.countByMessageId()]).toEqual([['<delivery-3@pz-voorbeeld.be>', 2]]);
  });

  it('given the relay answers 451 to the message, the outcome is retryable with the server’s words', async () => {
    const server = await sink({ failFirst: { count: 1, code: 451, message: 'Greylisted, come back later' } });
    const smtp = driver(server.url);

    const first = await smtp.send(plain(1));
    const second = await smtp.send(plain(1));

    expect(first).toEqual({ kind: 'failed_retryable', reason: '451 4.3.0 Greylisted, come back later' });
    expect(second.kind).toBe('sent');
    expect(server.messages).toHaveLength(1);
  });

  it('given the relay refuses the recipient with 550, the outcome is permanent with the server’s words', async () => {
    const server = await sink({ rejectRecipients: { 'gone@example.test': { code: 550, message: 'No such user here' } } });
    const outcome = await driver(server.url).send({ ...plain(1), to: 'gone@example.test' });
    expect(outcome.kind).toBe('failed_permanent');
    expect(outcome.reason).toMatch(/^550 .*No such user here$/);
    expect(server.messages).toHaveLength(0);
  });

  it('given a 421 at the recipient, the outcome is retryable', async () => {
    const server = await sink({ reply: (attempt) => (attempt.stage === 'rcpt' ? { code: 421, message: 'Too busy, closing' } : undefined) });
    const outcome = await driver(server.url).send(plain(1));
    expect(outcome.kind).toBe('failed_retryable');
    expect(outcome.reason).toContain('Too busy, closing');
  });

  it('given nothing listens on the relay’s port, the outcome is retryable', async () => {
    const port = await closedPort();
    const outcome = await driver(`smtp://127.0.0.1:${String(port)}`).send(plain(1));
    expect(outcome.kind).toBe('failed_retryable');
    expect(outcome.reason).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
  });

  it('given the relay drops the connection during a message, that message is retryable and the next goes through', async () => {
    const server = await sink({ dropConnectionAfter: 1 });
    const smtp = driver(server.url, { poolSize: 1 });
    expect((await smtp.send(plain(1))).kind).toBe('sent');
    expect((await smtp.send(plain(2))).kind).toBe('failed_retryable');
    expect((await smtp.send(plain(3))).kind).toBe('sent');
    expect(server.messages.map((m) => m.messageId)).toEqual(['<delivery-1@pz-voorbeeld.be>', '<delivery-3@pz-voorbeeld.be>']);
  });

  it('given STARTTLS is required and the relay does not offer it, nothing is sent in clear and the outcome is retryable', async () => {
    const server = await sink();
    const outcome = await driver(server.url, { requireTls: true }).send(plain(1));
    expect(outcome.kind).toBe('failed_retryable');
    expect(outcome.reason).toMatch(/STARTTLS/i);
    expect(server.attempts()).toBe(0);
  });

  it('given credentials in the URL, the driver authenticates; given wrong ones, the outcome is retryable', async () => {
    const server = await sink({ auth: { user: 'waakzaam', password: 'p@ss word' } });
    const good = await driver(`smtp://waakzaam:${encodeURIComponent('p@ss word')}@127.0.0.1:${String(server.port)}`).send(plain(1));
    const bad = await driver(`smtp://waakzaam:wrong@127.0.0.1:${String(server.port)}`).send(plain(2));
    expect(good.kind).toBe('sent');
    expect(bad).toMatchObject({ kind: 'failed_retryable', reason: expect.stringContaining('535') });
    expect(server.messages).toHaveLength(1);
  });

  it('given a pool of 5 connections, 200 messages sent at once all arrive exactly once', async () => {
    const server = await sink({ keepRaw: false });
    const smtp = driver(server.url, { poolSize: 5 });

    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, n) => smtp.send(plain(n))));

    expect(outcomes.every((outcome) => outcome.kind === 'sent')).toBe(true);
    expect(new Set(outcomes.map((outcome) => outcome.providerId)).size).toBe(200);
    expect(server.messages).toHaveLength(200);
    expect([...server.countByMessageId().values()].every((count) => count === 1)).toBe(true);
    expect(server.countByMessageId().size).toBe(200);
    expect(server.countByRecipient().size).toBe(200);
  });

  it('given a DKIM key, the message carries a DKIM-Signature that verifies against the published key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const server = await sink();
    const email = renderEmailLayout({ locale: 'nl', subject: 'Inbraak', heading: 'Wees waakzaam', paragraphs: ['Tekst'], unsubscribeUrl: 'https://bin.example.be/u/1' });
    await driver(server.url, { dkim: { domain: 'pz-voorbeeld.be', selector: 'wz2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } }).send({ ...plain(1), ...email });

    const raw = server.messages[0]!.raw!;
    const published = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    const lookups: string[] = [];
    const result = await dkimVerify(raw, {
      resolver: async (name: string, type: string) => {
        lookups.push(`${type} ${name}`);
        if (type === 'TXT' && name === 'wz2026._domainkey.pz-voorbeeld.be') return [[published]];
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });

    expect(lookups).toContain('TXT wz2026._domainkey.pz-voorbeeld.be');
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.status.result).toBe('pass');
    const tampered = Buffer.from(raw.toString('latin1').replace('Wees waakzaam', 'Wees gerust'), 'latin1');
    const forged = await dkimVerify(tampered, { resolver: async () => [[published]] });
    expect(forged.results[0]!.status.result).not.toBe('pass');
    // RFC 8058 §4: one-click unsubscription counts only when the signature covers both headers.
    const signature = /^DKIM-Signature:.*(?:\r\n[ \t].*)*/m.exec(raw.toString('latin1'))?.[0].replace(/\r\n[ \t]+/g, ' ');
    expect(signature).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=pz-voorbeeld\.be;/);
    expect(signature).toMatch(/h=[^;]*list-unsubscribe:\s?list-unsubscribe-post/i);
  });

  it('given a DKIM key that is not RSA, the driver refuses to start rather than send unsigned mail', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => createSmtpEmailDriver({ url: 'smtp://127.0.0.1:25', requireTls: false, from: { name: 'W', address: 'w@x.be' }, poolSize: 1, dkim: { domain: 'x.be', selector: 's', privateKey: pem } })).toThrow(/RSA/);
  });
});
