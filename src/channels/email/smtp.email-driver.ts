import { createPrivateKey } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { type Config, ConfigError } from '../../config/config.ts';
import type { SendOutcome } from '../channel.ts';
import type { EmailDriver, EmailMessage } from './email.channel.ts';

export type SmtpEmailDriverOptions = {
  /** `smtp://[user:password@]host[:port]` (STARTTLS) or `smtps://…` (TLS from the first byte). */
  url: string;
  /** With `smtp://`: refuse to send unless the relay upgrades the connection with STARTTLS. */
  requireTls: boolean;
  /** The sender when a message names none, and the display name given to a bare address. */
  from: { name: string; address: string };
  /** Connections kept open to the relay at most. */
  poolSize: number;
  /** Messages over one connection before it is replaced. */
  messagesPerConnection?: number;
  /** Messages handed to the relay per second at most, across the pool. */
  ratePerSecond?: number;
  dkim?: { domain: string; selector: string; privateKey: string };
  /** Milliseconds; the defaults suit a relay on the same network. */
  timeouts?: { connect?: number; greeting?: number; socket?: number };
  /** Trust anchors for a relay with a private certificate authority (PEM). */
  tlsCa?: string;
};

/**
 * The driver's options from the `email` section of the configuration. Settings that only make sense
 * together are checked here, and reported like any other bad setting.
 */
export function smtpOptionsFromConfig(email: Config['email']): SmtpEmailDriverOptions {
  const problems: string[] = [];
  if (!email.smtpUrl) problems.push('WAAKZAAM_SMTP_URL: required when WAAKZAAM_EMAIL_DRIVER=smtp');
  const dkimParts = [email.dkimDomain, email.dkimSelector, email.dkimPrivateKey];
  if (dkimParts.some(Boolean) && !dkimParts.every(Boolean)) {
    problems.push('WAAKZAAM_DKIM_DOMAIN, WAAKZAAM_DKIM_SELECTOR and WAAKZAAM_DKIM_PRIVATE_KEY: set all three to sign with DKIM, or none');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    url: email.smtpUrl!,
    requireTls: email.smtpRequireTls,
    from: { name: email.fromName, address: email.from },
    poolSize: email.smtpPoolSize,
    messagesPerConnection: email.smtpMessagesPerConnection,
    ...(email.smtpRatePerSecond ? { ratePerSecond: email.smtpRatePerSecond } : {}),
    ...(email.dkimDomain && email.dkimSelector && email.dkimPrivateKey ? { dkim: { domain: email.dkimDomain, selector: email.dkimSelector, privateKey: email.dkimPrivateKey } } : {}),
  };
}

const DEFAULT_TIMEOUTS = { connect: 15_000, greeting: 15_000, socket: 60_000 };

/**
 * The real e-mail driver: a pool of SMTP connections to one relay. The message's idempotency key
 * becomes its Message-ID, so a resend after a crash carries the same Message-ID and the receiver
 * (and a test sink) can recognise it. The driver never logs: the outcome carries the server's words.
 */
export function createSmtpEmailDriver(options: SmtpEmailDriverOptions): EmailDriver {
  const relay = parseSmtpUrl(options.url);
  if (options.dkim) assertDkimKey(options.dkim.privateKey);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const transport = createTransport({
    pool: true,
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    requireTLS: !relay.secure && options.requireTls,
    auth: relay.user ? { user: relay.user, pass: relay.password } : undefined,
    tls: { minVersion: 'TLSv1.2', servername: relay.host, ...(options.tlsCa ? { ca: options.tlsCa } : {}) },
    maxConnections: options.poolSize,
    maxMessages: options.messagesPerConnection ?? 100,
    // The delivery engine retries with backoff and a record of every attempt; a silent requeue
    // inside the pool would hide a dropped connection from it.
    maxRequeues: 0,
    ...(options.ratePerSecond ? { rateDelta: 1000, rateLimit: options.ratePerSecond } : {}),
    connectionTimeout: timeouts.connect,
    greetingTimeout: timeouts.greeting,
    socketTimeout: timeouts.socket,
    dkim: options.dkim ? { domainName: options.dkim.domain, keySelector: options.dkim.selector, privateKey: options.dkim.privateKey } : undefined,
    // nodemailer's own logger would write recipients and message text.
    logger: false,
    debug: false,
  });

  return {
    name: 'smtp',
    async send(message: EmailMessage): Promise<SendOutcome> {
      const from = senderOf(message.from, options.from);
      const messageId = message.idempotencyKey ? messageIdFor(message.idempotencyKey, from.address) : undefined;
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          headers: message.headers ?? {},
          ...(message.attachments ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
          ...(messageId ? { messageId } : {}),
          // One recipient per message: nothing else goes into the envelope.
          envelope: { from: from.address, to: [message.to] },
        });
        return { kind: 'sent', providerId: queueIdOf(info.response) ?? info.messageId };
      } catch (error) {
        return outcomeOfSmtpError(error as SmtpError);
      }
    },
    async close() {
      transport.close();
    },
  };
}

type SmtpError = Error & { code?: string; response?: string; responseCode?: number; permanent?: boolean };

// Failures of our own set-up, not of the message: a later attempt after the operator fixes the
// relay settings must still go out (RFC 5321 codes would call a refused password "permanent").
const SETUP_ERROR_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG', 'EPROXY']);

/**
 * The outcome of a failed send. RFC 5321 §4.2.1: a 4yz reply is a transient failure, a 5yz reply a
 * permanent one, except 503 (bad sequence of commands), which says the session was in the wrong
 * state, not that the message was refused. Errors without a reply (refused connection, timeout,
 * dropped socket) are transient.
 */
export function outcomeOfSmtpError(error: SmtpError): SendOutcome {
  const reply = error.response?.trim();
  const described = [error.code, error.message].filter(Boolean).join(': ');
  // A set-up failure keeps nodemailer's words around the reply ("Error upgrading connection with STARTTLS: 500 …").
  if (error.code && SETUP_ERROR_CODES.has(error.code)) return { kind: 'failed_retryable', reason: described };
  const reason = reply ? reply : described;
  if (error.responseCode) {
    const permanent = error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503;
    return { kind: permanent ? 'failed_permanent' : 'failed_retryable', reason };
  }
  // nodemailer refused the address before any connection: it will never be accepted as it is.
  if (error.code === 'EENVELOPE') return { kind: 'failed_permanent', reason };
  return { kind: 'failed_retryable', reason };
}

/**
 * The relay's queue id from its reply to the message, when it names one: Postfix and smtp-server
 * ("250 2.0.0 Ok: queued as 4XyZ1"), Exim ("250 OK id=1qAbCd-000Ef-GH"), Amazon SES
 * ("250 Ok 0100018c…").
 */
export function queueIdOf(response: string | undefined): string | undefined {
  if (!response) return undefined;
  const match = /queued as\s+<?([\w.@-]+)>?/i.exec(response) ?? /\bid=([\w.-]+)/i.exec(response) ?? /^250\s+Ok\s+([\w-]{16,})\s*$/i.exec(response);
  return match?.[1];
}

/**
 * A Message-ID (RFC 5322 §3.6.4) made from the idempotency key and the sender's domain. Characters
 * outside letters, digits, `_` and `-` are written as `=XX` (with `=` itself as `=3D`), so two
 * keys never share a Message-ID.
 */
export function messageIdFor(idempotencyKey: string, senderAddress: string): string {
  const left = Array.from(new TextEncoder().encode(idempotencyKey), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1).toLowerCase() || 'localhost';
  return `<${left}@${domain}>`;
}

/** `Name <address>` or a bare address; a bare one gets the platform's display name. */
function senderOf(from: string | undefined, fallback: { name: string; address: string }): { name: string; address: string } {
  if (!from) return fallback;
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (named) return { name: named[1] || fallback.name, address: named[2]! };
  return { name: fallback.name, address: from.trim() };
}

type SmtpRelay = { host: string; port: number; secure: boolean; user?: string; password?: string };

export function parseSmtpUrl(url: string): SmtpRelay {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('The SMTP URL must start with smtp:// or smtps://');
  const secure = parsed.protocol === 'smtps:';
  // IPv6 literals keep their brackets in URL.hostname; sockets want them without.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username ? { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : {}),
  };
}

/** nodemailer signs with RSA only and sends unsigned when signing fails: refuse such a key at start. */
function assertDkimKey(pem: string): void {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`The DKIM private key must be an RSA key, not ${String(key.asymmetricKeyType)}`);
}
