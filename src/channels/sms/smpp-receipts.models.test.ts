import { describe, expect, it } from 'vitest';
import type { SmsReceipt } from './sms.channel.ts';
import { MESSAGE_TYPE, createReceiptTracker, messageType, parseReceipt } from './smpp-receipts.models.ts';

describe('SMPP delivery receipts', () => {
  it('given the Appendix B text, the id, the state and the result are read', () => {
    const text = 'id:0123456789 sub:001 dlvrd:001 submit date:2611281200 done date:2611281201 stat:DELIVRD err:000 text:Verdachte wagen';
    expect(parseReceipt(text)).toEqual({ messageId: '0123456789', state: 'DELIVRD', result: 'delivered' });
    expect(parseReceipt('id:abc sub:001 dlvrd:000 stat:UNDELIV err:034')).toEqual({ messageId: 'abc', state: 'UNDELIV', result: 'failed', error: '034' });
  });

  it('given the receipted_message_id and message_state TLVs, they win over the text', () => {
    expect(parseReceipt('id:text-id stat:DELIVRD', { receiptedMessageId: 'tlv-id', messageState: 8 })).toEqual({ messageId: 'tlv-id', state: 'REJECTD', result: 'failed' });
  });

  it('given a state that is not final or a text without id, there is no result', () => {
    expect(parseReceipt('id:1 stat:ENROUTE err:000')).toEqual({ messageId: '1', state: 'ENROUTE' });
    expect(parseReceipt('stat:DELIVRD')).toBeUndefined();
  });

  it('given esm_class with UDHI, the message type still reads as a receipt', () => {
    expect(messageType(0x44)).toBe(MESSAGE_TYPE.deliveryReceipt);
    expect(messageType(0x40)).toBe(MESSAGE_TYPE.normal);
  });

  it('given a three-part message, one delivered receipt under the last id once every part is delivered, whatever the order', () => {
    const emitted: SmsReceipt[] = [];
    const tracker = createReceiptTracker({ emit: (receipt) => emitted.push(receipt) });
    const message = tracker.begin();
    tracker.accepted(message, 'p1');
    tracker.receipt('p1', 'delivered');
    tracker.accepted(message, 'p2');
    tracker.accepted(message, 'p3');
    tracker.complete(message, 'p3');
    tracker.receipt('p3', 'delivered');
    expect(emitted).toEqual([]);
    tracker.receipt('p2', 'delivered');
    expect(emitted).toEqual([{ providerId: 'p3', result: 'delivered' }]);
    expect(tracker.size()).toBe(0);
  });

  it('given a failed part, the message fails at once and later receipts of its parts add nothing', () => {
    const emitted: SmsReceipt[] = [];
    const tracker = createReceiptTracker({ emit: (receipt) => emitted.push(receipt) });
    const message = tracker.begin();
    tracker.accepted(message, 'p1');
    tracker.accepted(message, 'p2');
    tracker.complete(message, 'p2');
    tracker.receipt('p1', 'failed', 'UNDELIV');
    tracker.receipt('p2', 'delivered');
    expect(emitted).toEqual([{ providerId: 'p2', result: 'failed', reason: 'UNDELIV' }]);
  });

  it('given a receipt for an id this instance never sent, it passes through under that id', () => {
    const emitted: SmsReceipt[] = [];
    createReceiptTracker({ emit: (receipt) => emitted.push(receipt) }).receipt('from-before-restart', 'delivered');
    expect(emitted).toEqual([{ providerId: 'from-before-restart', result: 'delivered' }]);
  });
});
