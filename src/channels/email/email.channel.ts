import { type ChannelDriver, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

export type EmailMessage = {
  to: string;
  from?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Makes a resend after a crash detectable (sent as a Message-ID seed / header). */
  idempotencyKey?: string;
  /** Files sent with the message, e.g. a calendar invitation (text/calendar; method=REQUEST). */
  attachments?: EmailAttachment[];
};

export type EmailAttachment = { filename: string; contentType: string; content: string };

/** An e-mail driver: `send(message) → outcome`. */
export type EmailDriver = ChannelDriver<EmailMessage>;

/** Development driver: writes the e-mail (links and codes included) to the log instead of sending it. */
export function createLogEmailDriver({ log }: { log: LogFunction }): EmailDriver {
  return createLogDriver<EmailMessage>({ log, what: 'e-mail', describe: (message) => ({ emailTo: message.to, subject: message.subject, body: message.text }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryEmailDriver(): EmailDriver & { sent: EmailMessage[] } {
  return createMemoryDriver<EmailMessage>();
}
