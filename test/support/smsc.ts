import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';
import { chooseEncoding } from '../../src/channels/sms/sms-encoding.ts';

/**
 * A test SMSC on loopback, on the smpp package's server: accepts a transceiver bind with the
 * configured credentials, answers submit_sm with message ids, sends delivery receipts, can throttle,
 * can drop the connection after N submits, can send a member's reply, and records every accepted
 * submit_sm (decoded by the package, not by the code under test) with concatenated parts reassembled.
 */

export type AcceptedPart = { messageId: string; from: string; sourceTon: number; to: string; dataCoding: number; esmClass: number; registeredDelivery: number; text: string; concat?: { reference: number; total: number; sequence: number } };
export type ReassembledMessage = { from: string; to: string; text: string; parts: number; messageIds: string[] };
export type ReceiptStatus = 'DELIVRD' | 'UNDELIV';

export type Smsc = {
  port: number;
  /** smpp://system_id:password@127.0.0.1:port, with the right password. */
  url: (password?: string) => string;
  accepted: AcceptedPart[];
  /** Every accepted message, its parts put back together. */
  messages: () => ReassembledMessage[];
  binds: () => number;
  /** submit_sm that arrived on a dropped connection: never answered, never accepted. */
  unanswered: () => number;
  enquireLinks: () => number;
  deliverResponses: () => number;
  /** Answers submit_sm to this number (international digits, no +) with ESME_RINVDSTADR. */
  refuseDestination: (number: string) => void;
  /** Answers each accepted submit_sm this long after it arrived (a provider across a network); 0: at once. */
  answerDelay: (ms: number) => void;
  /** Answers the next `n` submit_sm with ESME_RTHROTTLED. */
  throttleNext: (n: number) => void;
  /** Closes the connection right after answering the `n`th next submit_sm; what follows on it is not read. */
  dropAfter: (n: number) => void;
  /** `held`: receipts wait (a network that reports late) until `held: false` sends them. */
  receipts: (settings: { delayMs?: number; status?: ReceiptStatus; enabled?: boolean; held?: boolean }) => void;
  /** A member's message to the platform (a deliver_sm that is not a receipt). */
  injectInbound: (inbound: { from: string; text: string }) => Promise<void>;
  waitFor: (predicate: () => boolean, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

const GSM_RECEIPT_DATE = '2611281200';

function decodedText(pdu: PDU): { text: string; udh: Buffer[] } {
  const short = pdu.short_message as { message?: unknown; udh?: Buffer[] } | undefined;
  const message = short?.message;
  return { text: typeof message === 'string' ? message : Buffer.isBuffer(message) ? message.toString('latin1') : '', udh: short?.udh ?? [] };
}

/** `port`: a fixed one (an SMSC stopped and started again where the driver reconnects); default: any free port. */
export async function startSmsc({ systemId = 'waakzaam', password = 'secret', port: fixedPort = 0 }: { systemId?: string; password?: string; port?: number } = {}): Promise<Smsc> {
  const accepted: AcceptedPart[] = [];
  const sessions = new Set<Session>();
  const dropped = new WeakSet<Session>();
  const bound = new WeakSet<Session>();
  let binds = 0;
  let deliverResponses = 0;
  let unanswered = 0;
  let enquireLinks = 0;
  let throttle = 0;
  let dropIn = 0;
  let counter = 0;
  let answerDelayMs = 0;
  let receiptSettings: { delayMs: number; status: ReceiptStatus; enabled: boolean; held: boolean } = { delayMs: 20, status: 'DELIVRD', enabled: true, held: false };
  const heldReceipts: AcceptedPart[] = [];
  const undelivered: Array<Record<string, unknown>> = [];
  const timers = new Set<NodeJS.Timeout>();
  const refused = new Set<string>();

  /** Any bound session of the account takes a deliver_sm; without one it waits for the next bind. */
  function deliver(fields: Record<string, unknown>) {
    const target = [...sessions].find((session) => bound.has(session) && !dropped.has(session));
    if (!target || !target.deliver_sm(fields, (response) => response.command_status === 0 && (deliverResponses += 1))) undelivered.push(fields);
  }

  function receiptFor(part: AcceptedPart) {
    if (!receiptSettings.enabled) return;
    if (receiptSettings.held) return void heldReceipts.push(part);
    const { delayMs, status } = receiptSettings;
    const timer = setTimeout(() => {
      timers.delete(timer);
      // SMPP 3.4 Appendix B receipt text, plus the receipted_message_id and message_state TLVs.
      const text = `id:${part.messageId} sub:001 dlvrd:${status === 'DELIVRD' ? '001' : '000'} submit date:${GSM_RECEIPT_DATE} done date:${GSM_RECEIPT_DATE} stat:${status} err:${status === 'DELIVRD' ? '000' : '001'} text:`;
      deliver({ source_addr_ton: 1, source_addr_npi: 1, source_addr: part.to, destination_addr: part.from, esm_class: 0x04, data_coding: 0, short_message: { message: text }, receipted_message_id: part.messageId, message_state: status === 'DELIVRD' ? 2 : 5 });
    }, delayMs);
    timers.add(timer);
  }

  function onSubmit(session: Session, pdu: PDU) {
    if (dropped.has(session)) return void (unanswered += 1);
    if (!bound.has(session)) return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
    if (refused.has(String(pdu.destination_addr))) return void session.send(pdu.response({ command_status: smpp.errors.ESME_RINVDSTADR }));
    if (throttle > 0) {
      throttle -= 1;
      return void session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED }));
    }
    counter += 1;
    const messageId = `smsc-${counter.toString(16).padStart(6, '0')}`;
    const { text, udh } = decodedText(pdu);
    const header = udh.find((element) => element[0] === 0x00);
    const part: AcceptedPart = {
      messageId,
      from: String(pdu.source_addr),
      sourceTon: Number(pdu.source_addr_ton),
      to: String(pdu.destination_addr),
      dataCoding: Number(pdu.data_coding),
      esmClass: Number(pdu.esm_class),
      registeredDelivery: Number(pdu.registered_delivery),
      text,
      ...(header ? { concat: { reference: header[2]!, total: header[3]!, sequence: header[4]! } } : {}),
    };
    accepted.push(part);
    if (answerDelayMs === 0) return answer(session, pdu, part);
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer(session, pdu, part);
    }, answerDelayMs);
    timers.add(timer);
  }

  function answer(session: Session, pdu: PDU, part: AcceptedPart) {
    session.send(pdu.response({ message_id: part.messageId }));
    receiptFor(part);
    if (dropIn > 0) {
      dropIn -= 1;
      if (dropIn === 0) {
        dropped.add(session);
        session.close();
      }
    }
  }

  const server = smpp.createServer({}, (session) => {
    // Answers go out at once, as a production SMSC sends them: with Nagle's algorithm a response
    // written while the previous one is unacknowledged waits for the ESME's delayed ACK (~40 ms).
    session.socket.setNoDelay(true);
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu: PDU) => {
      if (pdu.system_id !== systemId || pdu.password !== password) {
        session.send(pdu.response({ command_status: pdu.system_id !== systemId ? smpp.errors.ESME_RINVSYSID : smpp.errors.ESME_RINVPASWD }));
        session.close();
        return;
      }
      binds += 1;
      bound.add(session);
      session.send(pdu.response({ system_id: 'test-smsc' }));
      for (const fields of undelivered.splice(0)) deliver(fields);
    });
    session.on('submit_sm', (pdu: PDU) => onSubmit(session, pdu));
    session.on('enquire_link', (pdu: PDU) => {
      if (dropped.has(session)) return;
      enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(fixedPort, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  async function waitFor(predicate: () => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('test SMSC: condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  return {
    port,
    url: (pw = password) => `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(pw)}@127.0.0.1:${port}`,
    accepted,
    messages() {
      const result: ReassembledMessage[] = [];
      const groups = new Map<string, AcceptedPart[]>();
      for (const part of accepted) {
        if (!part.concat) {
          result.push({ from: part.from, to: part.to, text: part.text, parts: 1, messageIds: [part.messageId] });
          continue;
        }
        const key = `${part.from}|${part.to}|${part.concat.reference}|${part.concat.total}`;
        const group = [...(groups.get(key) ?? []), part];
        groups.set(key, group);
        if (group.length === part.concat.total) {
          groups.delete(key);
          const ordered = group.sort((a, b) => a.concat!.sequence - b.concat!.sequence);
          result.push({ from: part.from, to: part.to, text: ordered.map((p) => p.text).join(''), parts: ordered.length, messageIds: ordered.map((p) => p.messageId) });
        }
      }
      return result;
    },
    binds: () => binds,
    unanswered: () => unanswered,
    enquireLinks: () => enquireLinks,
    deliverResponses: () => deliverResponses,
    refuseDestination: (number) => void refused.add(number.replace(/^\+/, '')),
    answerDelay: (ms) => void (answerDelayMs = ms),
    throttleNext: (n) => void (throttle = n),
    dropAfter: (n) => void (dropIn = n),
    receipts(settings) {
      receiptSettings = { ...receiptSettings, ...settings };
      if (!receiptSettings.held) for (const part of heldReceipts.splice(0)) receiptFor(part);
    },
    async injectInbound({ from, text }) {
      const before = deliverResponses;
      deliver({ source_addr_ton: 1, source_addr_npi: 1, source_addr: from.replace(/^\+/, ''), destination_addr: '8850', esm_class: 0, data_coding: chooseEncoding(text) === 'gsm7' ? 0 : 8, short_message: { message: text } });
      await waitFor(() => deliverResponses > before);
    },
    waitFor,
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
