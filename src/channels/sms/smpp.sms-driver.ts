import smpp, { type PDU, type Session } from 'smpp';
import { type Config, ConfigError } from '../../config/config.ts';
import type { SendOutcome } from '../channel.ts';
import { ESM_CLASS_UDHI, encodeSms } from './sms-encoding.ts';
import type { SmsDriver, SmsHealth, SmsInbound, SmsMessage, SmsReceipt } from './sms.channel.ts';
import { inboundNumber, senderAddress, smppAccount, statusName } from './smpp-fields.models.ts';
import { MESSAGE_TYPE, createReceiptTracker, messageType, parseReceipt } from './smpp-receipts.models.ts';

/**
 * SMS over SMPP 3.4 as an ESME: one transceiver bind per driver, kept alive with enquire_link and
 * re-established with exponential backoff; submit_sm within a window of outstanding PDUs and a
 * rate per second; ESME_RTHROTTLED / ESME_RMSGQFUL pause every submit and retry the PDU.
 */

export type SmppDriverOptions = {
  /** `smpp://system_id:password@host:port` (URL-encoded). */
  url: string;
  /** submit_sm sent and not yet answered, at most. */
  window: number;
  /** submit_sm per second at most (each part counts); 0: no limit. */
  ratePerSecond: number;
  enquireLinkSeconds: number;
  /** Sender of messages without `from`. */
  defaultSender: string;
  log?: { info: (entry: Record<string, unknown>, message: string) => void; warn: (entry: Record<string, unknown>, message: string) => void; error: (entry: Record<string, unknown>, message: string) => void };
  reconnect?: { initialMs: number; maxMs: number };
  /** First pause after a throttling answer (doubles while they go on), and how many a PDU tolerates. */
  throttle?: { initialMs: number; maxMs: number; maxRetries: number };
  /** How long one message may wait for a bind (and rebinds) before it is a retryable failure. */
  sendTimeoutMs?: number;
  /** Without a submit_sm_resp by then, the connection is considered dead and replaced. */
  responseTimeoutMs?: number;
};

export type SmppSmsDriver = Required<Pick<SmsDriver, 'onReceipt' | 'onInbound'>> &
  Omit<SmsDriver, 'health'> & {
    /** The port's health (`up`: bound, or not started yet) with the bind itself. */
    health: () => SmsHealth;
    /** Resolves once bound (or rejects after `timeoutMs`): for tests and start-up checks. */
    whenBound: (timeoutMs: number) => Promise<void>;
  };

const RETRY_LATER = new Set([smpp.errors.ESME_RTHROTTLED, smpp.errors.ESME_RMSGQFUL]);
// SMPP 3.4 §5.2.17: bit 0 set = a receipt on final delivery, success or failure.
const REGISTERED_DELIVERY_FINAL = 0x01;
const DONE_KEYS = 10_000;
const EARLY_EVENTS = 10_000;

class ConnectionLost extends Error {}
class NotBound extends Error {}

/** The driver's options from the `sms` section of the configuration. */
export function smppOptionsFromConfig(sms: Config['sms'], log?: SmppDriverOptions['log']): SmppDriverOptions {
  if (!sms.smppUrl) throw new ConfigError(['WAAKZAAM_SMPP_URL: required when WAAKZAAM_SMS_DRIVER=smpp']);
  return { url: sms.smppUrl, window: sms.smppWindow, ratePerSecond: sms.smppRatePerSecond, enquireLinkSeconds: sms.smppEnquireLinkSeconds, defaultSender: sms.sender, ...(log ? { log } : {}) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The SMPP driver; it binds on first use (a send, a listener) and keeps the bind until `close`. */
export function createSmppSmsDriver(options: SmppDriverOptions): SmppSmsDriver {
  const account = smppAccount(options.url);
  const reconnect = options.reconnect ?? { initialMs: 1_000, maxMs: 60_000 };
  const throttle = options.throttle ?? { initialMs: 200, maxMs: 10_000, maxRetries: 10 };
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
  const log = options.log;
  const receiptListeners = new Set<(receipt: SmsReceipt) => void>();
  const inboundListeners = new Set<(inbound: SmsInbound) => void>();
  // What arrives before anybody listens is kept (a little) for the first listener.
  const early: { receipts: SmsReceipt[]; inbound: SmsInbound[] } = { receipts: [], inbound: [] };
  const tracker = createReceiptTracker({ emit: (receipt) => (receiptListeners.size > 0 ? receiptListeners.forEach((listener) => listener(receipt)) : keep(early.receipts, receipt)) });

  let session: Session | undefined;
  let started = false;
  let bound = false;
  let closing = false;
  let health: SmsHealth = { up: true, bound: false, since: Date.now(), reason: 'not started' };
  let backoffMs = reconnect.initialMs;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let enquireTimer: NodeJS.Timeout | undefined;
  let bindWaiters: Array<() => void> = [];
  const outstanding = new Set<(error: Error) => void>();
  let free = options.window;
  const windowWaiters: Array<() => void> = [];
  let nextSlot = 0;
  let pausedUntil = 0;
  let throttleMs = throttle.initialMs;
  let reference = 0;
  const pending = new Map<string, Promise<SendOutcome>>();
  const done = new Map<string, SendOutcome>();

  // A driver that never connected is not known to be down: the dispatcher sends, which binds.
  // `since` moves whenever `up` changes: "down since" is the start of this outage.
  function setHealth(isBound: boolean, reason?: string) {
    const up = isBound;
    if (bound !== isBound || health.up !== up || health.reason !== reason) health = { up, bound: isBound, since: bound === isBound && health.up === up ? health.since : Date.now(), ...(reason ? { reason } : {}) };
    bound = isBound;
  }

  function keep<T>(queue: T[], item: T) {
    queue.push(item);
    if (queue.length > EARLY_EVENTS) queue.shift();
  }

  /** Binds on first use: a command that never sends or listens never connects. */
  function start() {
    if (started || closing) return;
    started = true;
    setHealth(false, 'connecting');
    connect();
  }

  function connect() {
    if (closing) return;
    const current = smpp.connect({ host: account.host, port: account.port });
    // A submit_sm goes out at once: with Nagle's algorithm, a PDU written while the previous one is
    // unacknowledged waits for the SMSC's delayed ACK (up to ~40 ms) when nothing else is on the way.
    current.socket.setNoDelay(true);
    session = current;
    current.on('connect', () => {
      current.bind_transceiver({ system_id: account.systemId, password: account.password, interface_version: 0x34 }, (pdu) => {
        if (pdu.command_status === 0) {
          backoffMs = reconnect.initialMs;
          setHealth(true);
          log?.info({ host: account.host, systemId: account.systemId }, 'SMPP bound as transceiver');
          startEnquireLink(current);
          for (const wake of bindWaiters.splice(0)) wake();
        } else {
          const reason = `bind refused: ${statusName(pdu.command_status)}`;
          setHealth(false, reason);
          log?.error({ host: account.host, systemId: account.systemId, status: statusName(pdu.command_status) }, 'SMPP bind refused');
          current.destroy();
        }
      });
    });
    current.on('error', (error: Error) => {
      if (!bound) setHealth(false, error.message);
      log?.warn({ err: error, host: account.host }, 'SMPP connection error');
    });
    current.on('close', () => {
      if (session !== current) return;
      session = undefined;
      clearInterval(enquireTimer);
      if (bound) setHealth(false, 'connection lost');
      for (const reject of [...outstanding]) reject(new ConnectionLost('connection lost before submit_sm_resp'));
      if (closing) return;
      reconnectTimer = setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, reconnect.maxMs);
    });
    current.on('deliver_sm', (pdu: PDU) => onDeliver(current, pdu));
    current.on('enquire_link', (pdu: PDU) => current.send(pdu.response()));
    current.on('unbind', (pdu: PDU) => {
      current.send(pdu.response());
      current.close();
    });
  }

  // SMPP 3.4 §4.11: enquire_link keeps NAT and firewalls open and finds a dead link; no answer
  // within one interval closes the connection, which reconnects.
  function startEnquireLink(current: Session) {
    let answered = true;
    clearInterval(enquireTimer);
    enquireTimer = setInterval(() => {
      if (!answered) return current.destroy();
      answered = false;
      current.enquire_link({}, () => (answered = true));
    }, options.enquireLinkSeconds * 1000);
    enquireTimer.unref();
  }

  function onDeliver(current: Session, pdu: PDU) {
    // Always answered, first: the SMSC retries unanswered deliver_sm. Our handlers retry on their side.
    current.send(pdu.response());
    const esmClass = Number(pdu.esm_class ?? 0);
    const short = pdu.short_message as { message?: unknown } | undefined;
    const payload = pdu.message_payload as { message?: unknown } | undefined;
    const text = typeof short?.message === 'string' && short.message !== '' ? short.message : typeof payload?.message === 'string' ? payload.message : '';
    const type = messageType(esmClass);
    try {
      if (type === MESSAGE_TYPE.deliveryReceipt || type === MESSAGE_TYPE.intermediate) {
        const receipt = parseReceipt(text, { receiptedMessageId: pdu.receipted_message_id as string | undefined, messageState: pdu.message_state as number | undefined });
        if (receipt?.result) tracker.receipt(receipt.messageId, receipt.result, receipt.result === 'failed' ? `${receipt.state}${receipt.error ? ` err:${receipt.error}` : ''}` : undefined);
      } else if (type === MESSAGE_TYPE.normal) {
        const from = inboundNumber(String(pdu.source_addr ?? ''), Number(pdu.source_addr_ton ?? 0));
        if (inboundListeners.size > 0) inboundListeners.forEach((listener) => listener({ from, text }));
        else keep(early.inbound, { from, text });
      }
    } catch (error) {
      log?.error({ err: error as Error }, 'SMPP deliver_sm handler failed');
    }
  }

  function waitForBind(deadline: number): Promise<void> {
    if (bound) return Promise.resolve();
    if (closing) return Promise.reject(new NotBound('the SMS driver is closed'));
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        if (bound) resolve();
        else reject(new NotBound(closing ? 'the SMS driver is closed' : `SMSC not bound (${health.reason ?? 'connecting'})`));
      };
      const timer = setTimeout(() => {
        bindWaiters = bindWaiters.filter((w) => w !== wake);
        wake();
      }, Math.max(0, deadline - Date.now()));
      bindWaiters.push(wake);
    });
  }

  async function acquireWindow(): Promise<void> {
    while (free <= 0) await new Promise<void>((resolve) => windowWaiters.push(resolve));
    free -= 1;
  }
  function releaseWindow() {
    free += 1;
    windowWaiters.shift()?.();
  }

  /** Waits for the next rate slot and for any throttling pause to pass. */
  async function takeSlot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (pausedUntil > now) {
        await sleep(pausedUntil - now);
        continue;
      }
      if (options.ratePerSecond <= 0) return;
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + 1000 / options.ratePerSecond;
      if (slot > now) await sleep(slot - now);
      if (pausedUntil <= Date.now()) return;
    }
  }

  /** One submit_sm: resolves with the response, rejects when the connection is lost before it. */
  async function submitPdu(fields: Record<string, unknown>, deadline: number, onAccepted: (messageId: string) => void): Promise<PDU> {
    await waitForBind(deadline);
    await acquireWindow();
    try {
      await takeSlot();
      await waitForBind(deadline);
      const current = session!;
      return await new Promise<PDU>((resolve, reject) => {
        const fail = (error: Error) => {
          outstanding.delete(fail);
          clearTimeout(timer);
          reject(error);
        };
        const timer = setTimeout(() => {
          fail(new ConnectionLost('no submit_sm_resp in time'));
          current.destroy();
        }, responseTimeoutMs);
        outstanding.add(fail);
        const written = current.submit_sm(fields, (pdu) => {
          outstanding.delete(fail);
          clearTimeout(timer);
          // Registered before the next PDU is read: a receipt right behind the response finds it.
          if (pdu.command_status === 0) onAccepted(String(pdu.message_id));
          resolve(pdu);
        });
        if (!written) {
          // The socket is ending before its close event: unbound from now on, so that the retry
          // waits for the rebind instead of trying this socket again.
          if (session === current) setHealth(false, 'connection lost');
          current.destroy();
          fail(new ConnectionLost('connection not writable'));
        }
      });
    } finally {
      releaseWindow();
    }
  }

  async function submitMessage(message: SmsMessage): Promise<SendOutcome> {
    const deadline = Date.now() + sendTimeoutMs;
    const encoded = encodeSms(message.text, { reference: (reference = (reference + 1) % 256) });
    const tracked = tracker.begin();
    let lastId = '';
    for (const part of encoded.parts) {
      const fields = {
        service_type: '',
        ...senderAddress(message.from ?? options.defaultSender),
        dest_addr_ton: 0x01,
        dest_addr_npi: 0x01,
        destination_addr: message.to.replace(/^\+/, ''),
        esm_class: encoded.concatenated ? ESM_CLASS_UDHI : 0,
        registered_delivery: REGISTERED_DELIVERY_FINAL,
        data_coding: encoded.dataCoding,
        short_message: part,
      };
      let throttled = 0;
      for (;;) {
        let response: PDU;
        try {
          response = await submitPdu(fields, deadline, (id) => tracker.accepted(tracked, id));
        } catch (error) {
          if (error instanceof NotBound) return { kind: 'failed_retryable', reason: error.message };
          // Not answered: the SMSC did not confirm it, so the part is submitted again after the rebind.
          if (Date.now() > deadline) return { kind: 'failed_retryable', reason: (error as Error).message };
          continue;
        }
        const status = response.command_status;
        if (status === 0) {
          throttleMs = throttle.initialMs;
          lastId = String(response.message_id);
          break;
        }
        if (RETRY_LATER.has(status)) {
          throttled += 1;
          if (throttled > throttle.maxRetries) return { kind: 'failed_retryable', reason: statusName(status) };
          // Every submit waits: the SMSC speaks for the whole account, not for this PDU. The other
          // answers of the same burst arrive during the pause and do not lengthen it again.
          if (Date.now() >= pausedUntil) {
            pausedUntil = Date.now() + throttleMs;
            throttleMs = Math.min(throttleMs * 2, throttle.maxMs);
          }
          continue;
        }
        return { kind: 'failed_permanent', reason: statusName(status) };
      }
    }
    tracker.complete(tracked, lastId);
    return { kind: 'sent', providerId: lastId };
  }

  return {
    name: 'smpp',
    async send(message) {
      start();
      const key = message.idempotencyKey;
      if (!key) return submitMessage(message);
      // The same step again while its first submission is pending or done: not submitted twice.
      const earlier = pending.get(key) ?? (done.has(key) ? Promise.resolve(done.get(key)!) : undefined);
      if (earlier) return earlier;
      const sending = submitMessage(message).finally(() => pending.delete(key));
      pending.set(key, sending);
      const outcome = await sending;
      if (outcome.kind === 'sent') {
        done.set(key, outcome);
        if (done.size > DONE_KEYS) done.delete(done.keys().next().value!);
      }
      return outcome;
    },
    onReceipt(listener) {
      receiptListeners.add(listener);
      for (const receipt of early.receipts.splice(0)) listener(receipt);
      start();
      return () => receiptListeners.delete(listener);
    },
    onInbound(listener) {
      inboundListeners.add(listener);
      for (const inbound of early.inbound.splice(0)) listener(inbound);
      start();
      return () => inboundListeners.delete(listener);
    },
    health: () => ({ ...health }),
    whenBound(timeoutMs) {
      start();
      return waitForBind(Date.now() + timeoutMs);
    },
    async close() {
      closing = true;
      clearTimeout(reconnectTimer);
      clearInterval(enquireTimer);
      for (const wake of bindWaiters.splice(0)) wake();
      const current = session;
      if (!current) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => current.destroy(), 2_000);
        current.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        // SMPP 3.4 §4.2: unbind, then close once the SMSC answered.
        if (!bound || !current.unbind({}, () => current.close())) current.destroy();
      });
      setHealth(false, 'closed');
    },
  };
}
