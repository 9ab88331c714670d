import type { SmsReceipt } from './sms.channel.ts';

/**
 * Delivery receipts of SMPP 3.4, pure: recognising them, reading them, and turning the receipts of
 * a message's parts into one receipt for the message.
 */

/** SMPP 3.4 §5.2.12 esm_class bits 5–2: the message type. */
const MESSAGE_TYPE_MASK = 0x3c;
export const MESSAGE_TYPE = { normal: 0x00, deliveryReceipt: 0x04, deliveryAck: 0x08, userAck: 0x10, intermediate: 0x20 } as const;

export function messageType(esmClass: number): number {
  return esmClass & MESSAGE_TYPE_MASK;
}

/** SMPP 3.4 Appendix B `stat:` values; the final ones and what they mean for the member. */
const FINAL_STATES: Record<string, SmsReceipt['result']> = { DELIVRD: 'delivered', EXPIRED: 'failed', DELETED: 'failed', UNDELIV: 'failed', REJECTD: 'failed' };
/** SMPP 3.4 §5.2.28 message_state TLV values of the same final states. */
const STATE_NAMES: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };

export type ParsedReceipt = { messageId: string; state: string; result?: SmsReceipt['result']; error?: string };

/**
 * Reads a receipt: the `receipted_message_id` and `message_state` TLVs (§5.3.2.12, §5.3.2.35) when
 * present, else the text of Appendix B: `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:…`.
 * `result` is absent for states that are not final (ENROUTE, ACCEPTD, UNKNOWN).
 */
export function parseReceipt(text: string, tlv: { receiptedMessageId?: string; messageState?: number } = {}): ParsedReceipt | undefined {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const messageId = tlv.receiptedMessageId || field('id');
  if (!messageId) return undefined;
  const state = ((tlv.messageState !== undefined ? STATE_NAMES[tlv.messageState] : undefined) ?? field('stat') ?? 'UNKNOWN').toUpperCase();
  const error = field('err');
  const result = FINAL_STATES[state];
  return { messageId, state, ...(result ? { result } : {}), ...(error && error !== '000' ? { error } : {}) };
}

type Tracked = { providerId?: string; waiting: Set<string>; failure?: string; settled: boolean };

/**
 * Receipts arrive per part; the delivery engine knows a message by one provider id (its last
 * part's). Each part's id maps to its message, so any part's receipt resolves: the message is
 * `delivered` once every part is, `failed` at the first part that failed. Ids this instance never
 * sent (a receipt after a restart) pass through as they are. Bounded: the oldest entries go first.
 */
export function createReceiptTracker({ emit, capacity = 200_000 }: { emit: (receipt: SmsReceipt) => void; capacity?: number }) {
  const parts = new Map<string, Tracked>();

  function settle(tracked: Tracked) {
    if (tracked.settled || tracked.providerId === undefined) return;
    if (tracked.failure === undefined && tracked.waiting.size > 0) return;
    tracked.settled = true;
    emit(tracked.failure === undefined ? { providerId: tracked.providerId, result: 'delivered' } : { providerId: tracked.providerId, result: 'failed', reason: tracked.failure });
  }

  return {
    /** A new message whose parts are about to be submitted. */
    begin(): Tracked {
      return { waiting: new Set(), settled: false };
    },
    /** A part accepted by the SMSC; call it before the next PDU is read, so its receipt finds it. */
    accepted(tracked: Tracked, partId: string) {
      tracked.waiting.add(partId);
      parts.set(partId, tracked);
      if (parts.size > capacity) parts.delete(parts.keys().next().value!);
    },
    /** Every part accepted: the message is known by `providerId` from now on. */
    complete(tracked: Tracked, providerId: string) {
      tracked.providerId = providerId;
      settle(tracked);
    },
    receipt(partId: string, result: SmsReceipt['result'], reason?: string) {
      const tracked = parts.get(partId);
      if (!tracked) {
        emit(result === 'failed' ? { providerId: partId, result, ...(reason ? { reason } : {}) } : { providerId: partId, result });
        return;
      }
      parts.delete(partId);
      tracked.waiting.delete(partId);
      if (result === 'failed') tracked.failure ??= reason ?? 'failed';
      settle(tracked);
    },
    size: () => parts.size,
  };
}

export type ReceiptTracker = ReturnType<typeof createReceiptTracker>;
