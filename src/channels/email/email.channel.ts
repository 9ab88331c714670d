import type { SendOutcome } from '../channel.ts';

export type EmailMessage = {
  to: string;
  from?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Makes a resend after a crash detectable (sent as a Message-ID seed / header). */
  idempotencyKey?: string;
};

/** An e-mail driver: `send(message) → outcome`. */
export type EmailDriver = {
  name: string;
  send: (message: EmailMessage) => Promise<SendOutcome>;
  close?: () => Promise<void>;
};

/** Development driver: writes the message (links included) to the log instead of sending it. */
export function createLogEmailDriver({ log }: { log: (entry: Record<string, unknown>, message: string) => void }): EmailDriver {
  let n = 0;
  return {
    name: 'log',
    async send(message) {
      n += 1;
      log({ emailTo: message.to, subject: message.subject, body: message.text }, 'e-mail (log driver, not sent)');
      return { kind: 'sent', providerId: `log-${n}` };
    },
  };
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryEmailDriver(): EmailDriver & { sent: EmailMessage[] } {
  const sent: EmailMessage[] = [];
  return {
    name: 'memory',
    sent,
    async send(message) {
      sent.push(message);
      return { kind: 'sent', providerId: `memory-${sent.length}` };
    },
  };
}
