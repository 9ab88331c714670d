import { type ChannelDriver, type ChannelHealth, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

export type SmsMessage = {
  /** E.164, e.g. +32470123456. */
  to: string;
  text: string;
  /**
   * Sender shown to the member: alphanumeric (at most 11 characters, e.g. `PZ Zara`) or an E.164
   * number. Absent: the driver's default sender.
   */
  from?: string;
  /** Makes a resend after a crash detectable (the provider's client reference). */
  idempotencyKey?: string;
};

/** A delivery receipt from the SMS provider, for the message `send` returned `providerId` for. */
export type SmsReceipt = { providerId: string; result: 'delivered' | 'failed'; reason?: string };

/** A message a member sent to the platform's number (a reply such as "1" or "STOP"). */
export type SmsInbound = { from: string; text: string };

/**
 * Whether the driver can send now, and since when (epoch ms) that holds: the port's health plus
 * the SMPP bind itself. `up` is `bound`, except before the first use (nothing known to be wrong).
 */
export type SmsHealth = ChannelHealth & { bound: boolean };

/**
 * An SMS driver: `send(message) → outcome`. Drivers that talk to a provider (SMPP) also report
 * receipts and replies that arrive later, and their health (`health`); each `on…` returns an unsubscribe.
 */
export type SmsDriver = ChannelDriver<SmsMessage> & {
  onReceipt?: (listener: (receipt: SmsReceipt) => void) => () => void;
  onInbound?: (listener: (inbound: SmsInbound) => void) => () => void;
};

/** Development driver: writes the SMS (links and codes included) to the log instead of sending it. */
export function createLogSmsDriver({ log }: { log: LogFunction }): SmsDriver {
  return createLogDriver<SmsMessage>({ log, what: 'SMS', describe: (message) => ({ smsTo: message.to, text: message.text }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemorySmsDriver(): SmsDriver & { sent: SmsMessage[] } {
  return createMemoryDriver<SmsMessage>();
}
