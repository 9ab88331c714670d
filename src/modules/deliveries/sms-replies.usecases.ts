import type { App } from '../../app.ts';
import type { SmsInbound, SmsReceipt } from '../../channels/sms/sms.channel.ts';
import { isLocale } from '../../web/i18n/locales.ts';
import { createSmsRepliesRepository } from './sms-replies.repository.ts';
import { smsRepliesMessages } from './sms-replies.messages.ts';

type RepliesApp = Pick<App, 'database' | 'clock' | 'deliveries' | 'auditLog' | 'sms' | 'logger'>;

/** A reply acknowledges the member's latest alert created within this time. */
export const SMS_ACKNOWLEDGE_WINDOW_MS = 24 * 3_600_000;

/**
 * A receipt may arrive before the dispatcher recorded the send (its lease still holds the step):
 * it is applied again after these pauses before it is given up.
 */
export const RECEIPT_RETRY_DELAYS_MS = [250, 1_000, 3_000, 10_000, 30_000] as const;

export type SmsReplyAction = 'acknowledge' | 'stop';

/** What a member's reply asks: "1" or "OK" acknowledge, "STOP" stops SMS (trimmed, any case). */
export function smsReplyAction(text: string): SmsReplyAction | undefined {
  const word = text.trim().toUpperCase();
  if (word === '1' || word === 'OK') return 'acknowledge';
  if (word === 'STOP') return 'stop';
  return undefined;
}

/**
 * A delivery receipt from the SMS provider: the step sent with that provider id becomes delivered
 * or failed (where the delivery state machine allows). Returns the rows changed.
 */
export function applySmsReceipt({ app, receipt }: { app: Pick<RepliesApp, 'deliveries' | 'clock'>; receipt: SmsReceipt }): Promise<number> {
  return app.deliveries.applyReceipt({ channel: 'sms', providerId: receipt.providerId, result: receipt.result, ...(receipt.reason ? { reason: receipt.reason } : {}), now: app.clock.now() });
}

/**
 * A member's SMS to the platform. "1"/"OK": every person with that verified mobile number
 * acknowledges their latest alert of the last 24 hours (via `sms`), which skips their pending
 * escalation steps. "STOP": no more SMS to that number (calls go on), audited, and confirmed by one
 * last SMS in the person's language. Anything else, or an unknown number, changes nothing.
 * @returns the action taken and how many people it concerned
 */
export async function handleSmsReply({ app, inbound }: { app: RepliesApp; inbound: SmsInbound }): Promise<{ action: SmsReplyAction | 'none'; people: number }> {
  const action = smsReplyAction(inbound.text);
  if (!action) return { action: 'none', people: 0 };
  const replies = createSmsRepliesRepository({ database: app.database });
  const contacts = await replies.verifiedMobiles(inbound.from);
  const now = app.clock.now();
  let people = 0;
  if (action === 'acknowledge') {
    for (const contact of contacts) {
      const latest = await replies.latestAlertOf(contact.personId, now - SMS_ACKNOWLEDGE_WINDOW_MS);
      if (!latest) continue;
      const { acknowledged } = await app.deliveries.acknowledge({ alertId: latest.alertId, personId: contact.personId, via: 'sms', now });
      if (acknowledged) people += 1;
    }
    return { action, people };
  }
  let confirmIn: string | undefined;
  for (const contact of contacts) {
    if (!(await replies.stopSms(contact.contactPointId, now))) continue;
    people += 1;
    confirmIn ??= contact.language;
    await app.auditLog.record({ actor: null, label: 'member' }, { action: 'members.sms_stopped', objectType: 'person', objectId: contact.personId, zoneId: contact.zoneId, details: { contactPointId: contact.contactPointId, via: 'sms' } });
  }
  // One confirmation per number, only when something changed: a second "STOP" gets no answer.
  if (confirmIn !== undefined) {
    const locale = isLocale(confirmIn) ? confirmIn : 'nl';
    const outcome = await app.sms.send({ to: inbound.from, text: smsRepliesMessages[locale]['smsReplies.stopConfirmed'] });
    if (outcome.kind !== 'sent' && outcome.kind !== 'delivered') app.logger.warn({ outcome: outcome.kind }, 'SMS stop confirmation not sent');
  }
  return { action, people };
}

/**
 * Connects the SMS driver's receipts and replies to the use cases (drivers without them, such as
 * the log driver, have nothing to connect). Failures are logged; a receipt that finds no sent step
 * yet is tried again (RECEIPT_RETRY_DELAYS_MS). `stop` unsubscribes and drops the pending retries.
 */
export function listenForSmsReplies(app: RepliesApp): { stop: () => void } {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function receive(receipt: SmsReceipt, attempt: number) {
    applySmsReceipt({ app, receipt })
      .then((changed) => {
        const delay = RECEIPT_RETRY_DELAYS_MS[attempt];
        if (changed > 0 || stopped || delay === undefined) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          receive(receipt, attempt + 1);
        }, delay);
        timer.unref();
        timers.add(timer);
      })
      .catch((error: unknown) => app.logger.error({ err: error }, 'SMS receipt not applied'));
  }

  const unsubscribe = [
    app.sms.onReceipt?.((receipt) => receive(receipt, 0)),
    app.sms.onInbound?.((inbound) => {
      handleSmsReply({ app, inbound })
        .then((result) => result.action !== 'none' && app.logger.info(result, 'SMS reply handled'))
        .catch((error: unknown) => app.logger.error({ err: error }, 'SMS reply not handled'));
    }),
  ];
  return {
    stop() {
      stopped = true;
      for (const off of unsubscribe) off?.();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
