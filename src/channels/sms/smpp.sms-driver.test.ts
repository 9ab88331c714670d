import { afterEach, describe, expect, it } from 'vitest';
import { type Smsc, startSmsc } from '../../../test/support/smsc.ts';
import type { SmsInbound, SmsReceipt } from './sms.channel.ts';
import { inboundNumber, senderAddress } from './smpp-fields.models.ts';
import { type SmppDriverOptions, type SmppSmsDriver, createSmppSmsDriver, smppOptionsFromConfig } from './smpp.sms-driver.ts';

const FAST: Partial<SmppDriverOptions> = { reconnect: { initialMs: 20, maxMs: 200 }, throttle: { initialMs: 20, maxMs: 200, maxRetries: 10 }, sendTimeoutMs: 10_000 };

describe('the SMPP driver against a test SMSC on loopback', () => {
  let smsc: Smsc;
  const drivers: SmppSmsDriver[] = [];

  async function boundDriver(options: Partial<SmppDriverOptions> = {}): Promise<SmppSmsDriver> {
    const driver = createSmppSmsDriver({ url: smsc.url(), window: 10, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'PZ Test', ...FAST, ...options });
    drivers.push(driver);
    await driver.whenBound(5_000);
    return driver;
  }

  afterEach(async () => {
    for (const driver of drivers.splice(0)) await driver.close?.();
    await smsc?.stop();
  });

  it('given a bind, an SMS is submitted with a receipt requested and its DELIVRD receipt names the returned id', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    const receipts: SmsReceipt[] = [];
    driver.onReceipt((receipt) => receipts.push(receipt));
    expect(driver.health().bound).toBe(true);

    const outcome = await driver.send({ to: '+32470000001', text: 'Verdachte wagen in de Kerkstraat. Bel 101.' });

    expect(outcome.kind).toBe('sent');
    expect(smsc.accepted).toHaveLength(1);
    expect(smsc.accepted[0]).toMatchObject({ to: '32470000001', from: 'PZ Test', sourceTon: 5, registeredDelivery: 1, text: 'Verdachte wagen in de Kerkstraat. Bel 101.' });
    expect(outcome.providerId).toBe(smsc.accepted[0]!.messageId);
    await smsc.waitFor(() => receipts.length === 1);
    expect(receipts).toEqual([{ providerId: outcome.providerId, result: 'delivered' }]);
  });

  it('given a 400-character message, it arrives reassembled and one receipt for the last part id follows all parts', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    const receipts: SmsReceipt[] = [];
    driver.onReceipt((receipt) => receipts.push(receipt));
    const text = 'Inbraak aan de gang in de Dorpsstraat, twee personen in donkere kledij, vluchten te voet richting het park. Grijp niet in en bel 101. '.repeat(3).slice(0, 400);

    const outcome = await driver.send({ to: '+32470000002', text, from: '+3250123456' });

    const [message] = smsc.messages();
    expect(message).toMatchObject({ text, parts: 3, from: '3250123456' });
    expect(smsc.accepted.every((part) => part.sourceTon === 1 && part.esmClass === 0x40)).toBe(true);
    expect(outcome.providerId).toBe(message!.messageIds[2]);
    await smsc.waitFor(() => receipts.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receipts).toEqual([{ providerId: outcome.providerId, result: 'delivered' }]);
  });

  it('given "é" and "€" the SMSC receives GSM 7-bit, given "ł" and an emoji it receives UCS-2, both intact', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    await driver.send({ to: '+32470000003', text: 'Café [Markt]: 5 € gevonden' });
    await driver.send({ to: '+32470000004', text: 'Pan Łukasz 🚓' });
    expect(smsc.accepted.map((part) => [part.dataCoding, part.text])).toEqual([
      [0, 'Café [Markt]: 5 € gevonden'],
      [8, 'Pan Łukasz 🚓'],
    ]);
  });

  it('given an UNDELIV receipt, the receipt says failed with the state as reason', async () => {
    smsc = await startSmsc();
    smsc.receipts({ status: 'UNDELIV' });
    const driver = await boundDriver();
    const receipts: SmsReceipt[] = [];
    driver.onReceipt((receipt) => receipts.push(receipt));
    const outcome = await driver.send({ to: '+32470000005', text: 'Test' });
    await smsc.waitFor(() => receipts.length === 1);
    expect(receipts[0]).toEqual({ providerId: outcome.providerId, result: 'failed', reason: 'UNDELIV err:001' });
  });

  it('given an SMSC that throttles, the driver slows down and every message is still accepted exactly once', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    smsc.throttleNext(6);
    const texts = Array.from({ length: 25 }, (_, i) => `Bericht ${i}`);

    const outcomes = await Promise.all(texts.map((text, i) => driver.send({ to: `+3247000${String(i).padStart(4, '0')}`, text })));

    expect(outcomes.every((outcome) => outcome.kind === 'sent')).toBe(true);
    expect(smsc.accepted.map((part) => part.text).sort()).toEqual([...texts].sort());
  });

  it('given an SMSC that throttles longer than the driver tolerates, the message is a retryable failure named after the status', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver({ throttle: { initialMs: 5, maxMs: 10, maxRetries: 2 } });
    smsc.throttleNext(100);
    expect(await driver.send({ to: '+32470000006', text: 'Test' })).toEqual({ kind: 'failed_retryable', reason: 'ESME_RTHROTTLED' });
  });

  it('given a refused destination, the outcome is permanent with the SMSC status name', async () => {
    smsc = await startSmsc();
    smsc.refuseDestination('+32470000007');
    const driver = await boundDriver();
    expect(await driver.send({ to: '+32470000007', text: 'Test' })).toEqual({ kind: 'failed_permanent', reason: 'ESME_RINVDSTADR' });
  });

  it('given the connection dropped midway, the driver rebinds and nothing is lost or accepted twice', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    smsc.dropAfter(8);
    const texts = Array.from({ length: 40 }, (_, i) => `Melding ${i}`);

    const outcomes = await Promise.all(texts.map((text, i) => driver.send({ to: `+3247100${String(i).padStart(4, '0')}`, text })));

    expect(outcomes.filter((outcome) => outcome.kind !== 'sent')).toEqual([]);
    expect(smsc.binds()).toBeGreaterThanOrEqual(2);
    // Submits were in flight on the dropped connection: they were submitted again after the rebind.
    expect(smsc.unanswered()).toBeGreaterThan(0);
    expect(smsc.accepted.map((part) => part.text).sort()).toEqual([...texts].sort());
    expect(new Set(outcomes.map((outcome) => outcome.providerId)).size).toBe(texts.length);
  });

  it('given the same idempotency key twice while the first is pending, the SMSC gets it once', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    const message = { to: '+32470000008', text: 'Eenmaal', idempotencyKey: 'step-1' };
    const [first, second] = await Promise.all([driver.send(message), driver.send(message)]);
    const third = await driver.send(message);
    expect(smsc.accepted).toHaveLength(1);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it('given a wrong password, the bind fails clearly, health is not bound and a send is a retryable failure', async () => {
    smsc = await startSmsc();
    const driver = createSmppSmsDriver({ url: smsc.url('wrong'), window: 10, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'PZ Test', ...FAST, sendTimeoutMs: 300 });
    drivers.push(driver);

    await expect(driver.whenBound(300)).rejects.toThrow(/ESME_RINVPASWD/);
    expect(driver.health()).toMatchObject({ bound: false, reason: 'bind refused: ESME_RINVPASWD' });
    expect(await driver.send({ to: '+32470000009', text: 'Test' })).toEqual({ kind: 'failed_retryable', reason: 'SMSC not bound (bind refused: ESME_RINVPASWD)' });
    expect(smsc.accepted).toHaveLength(0);
  });

  it('given an idle bind, enquire_link goes out every interval and is answered, keeping the bind', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver({ enquireLinkSeconds: 0.05 });
    await smsc.waitFor(() => smsc.enquireLinks() >= 3);
    expect(driver.health().bound).toBe(true);
    expect(smsc.binds()).toBe(1);
  });

  it('given a driver nobody sends through or listens to, it does not bind (a CLI command stays offline)', async () => {
    smsc = await startSmsc();
    const driver = createSmppSmsDriver({ url: smsc.url(), window: 10, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'PZ Test', ...FAST });
    drivers.push(driver);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smsc.binds()).toBe(0);
    expect(driver.health()).toMatchObject({ bound: false, reason: 'not started' });
  });

  it('given a receipt that arrives before anybody listens, the first listener still gets it', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    const outcome = await driver.send({ to: '+32470000012', text: 'Vroeg' });
    await smsc.waitFor(() => smsc.deliverResponses() === 1);
    const receipts: SmsReceipt[] = [];
    driver.onReceipt((receipt) => receipts.push(receipt));
    expect(receipts).toEqual([{ providerId: outcome.providerId, result: 'delivered' }]);
  });

  it('given a member reply, it reaches the inbound listener with an E.164 number and is answered', async () => {
    smsc = await startSmsc();
    const driver = await boundDriver();
    const inbound: SmsInbound[] = [];
    driver.onInbound((message) => inbound.push(message));
    await smsc.injectInbound({ from: '+32470000010', text: ' stop ' });
    await smsc.injectInbound({ from: '+32470000011', text: 'OK 👍' });
    expect(inbound).toEqual([
      { from: '+32470000010', text: ' stop ' },
      { from: '+32470000011', text: 'OK 👍' },
    ]);
    expect(smsc.deliverResponses()).toBe(2);
  });
});

describe('SMPP addresses', () => {
  it('given an alphanumeric sender it is TON 5, given a number it is international without the plus', () => {
    expect(senderAddress('PZ Zara')).toEqual({ source_addr_ton: 5, source_addr_npi: 0, source_addr: 'PZ Zara' });
    expect(senderAddress('+3250123456')).toEqual({ source_addr_ton: 1, source_addr_npi: 1, source_addr: '3250123456' });
  });

  it('given an international or Belgian national number, the member number becomes E.164', () => {
    expect(inboundNumber('32470123456', 1)).toBe('+32470123456');
    expect(inboundNumber('0470123456', 2)).toBe('+32470123456');
    expect(inboundNumber('0032470123456', 0)).toBe('+32470123456');
    expect(inboundNumber('32470123456', 0)).toBe('+32470123456');
    expect(inboundNumber('0470123456', 0)).toBe('+32470123456');
    expect(inboundNumber('8850', 0)).toBe('8850');
  });
});

describe('the SMPP driver configuration', () => {
  it('given the smpp driver without WAAKZAAM_SMPP_URL, the configuration error names the variable', () => {
    const sms = { driver: 'smpp', smppUrl: undefined, smppWindow: 10, smppRatePerSecond: 0, smppEnquireLinkSeconds: 30, sender: 'Waakzaam' } as const;
    expect(() => smppOptionsFromConfig(sms)).toThrow(/WAAKZAAM_SMPP_URL: required when WAAKZAAM_SMS_DRIVER=smpp/);
    expect(smppOptionsFromConfig({ ...sms, smppUrl: 'smpp://id:pw@smsc.example:2775' })).toEqual({ url: 'smpp://id:pw@smsc.example:2775', window: 10, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'Waakzaam' });
  });
});
