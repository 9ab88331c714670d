import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/**
 * A fake mail provider for tests and benchmarks: a real SMTP server on loopback that accepts
 * everything (or answers what a hook chooses) and records what it accepted. A message counts as
 * accepted once the sink has recorded it and answered 250, in that order, so the record never
 * misses a message the client was told was accepted.
 */

/** One message the sink answered 250 to. */
export type SinkMessage = {
  queueId: string;
  envelope: { from: string; to: string[] };
  /** The Message-ID header, angle brackets included. */
  messageId: string | undefined;
  size: number;
  receivedAt: number;
  /** The message as it arrived (absent with `keepRaw: false`). */
  raw?: Buffer;
};

/** A message arriving (at RCPT TO, or once its data is in) for a reply hook to judge. */
export type SinkAttempt =
  | { stage: 'rcpt'; recipient: string; sequence: number }
  /** `sequence` counts every message whose data arrived, accepted or not, from 1. */
  | { stage: 'data'; recipients: string[]; sequence: number; messageId: string | undefined };

/** A reply other than acceptance, or `drop` to close the connection without a word. */
export type SinkReply = { code: number; message: string } | 'drop';

export type SmtpSinkOptions = {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Answer the first `count` messages (after their data) with `code`, default 451. */
  failFirst?: { count: number; code?: number; message?: string };
  /** Refuse these recipients at RCPT TO, e.g. `{ 'gone@example.test': { code: 550, message: 'No such user' } }`. */
  rejectRecipients?: Record<string, { code: number; message: string }>;
  /** Once this many messages are accepted, drop the connection on the next one instead of answering (once). */
  dropConnectionAfter?: number;
  /** Decides the reply first; `undefined` falls through to the options above, then acceptance. */
  reply?: (attempt: SinkAttempt) => SinkReply | undefined;
  /** Require AUTH PLAIN/LOGIN with these credentials (over plain TCP: this is a test server). */
  auth?: { user: string; password: string };
  /** Keep each message's bytes for `parse()`; turn off for large runs. Default true. */
  keepRaw?: boolean;
  /** Called for each accepted message before the 250 goes out (e.g. to append it to a file). */
  onAccepted?: (message: SinkMessage) => void;
};

export type SmtpSink = {
  host: string;
  port: number;
  /** `smtp://host:port` for the SMTP driver. */
  url: string;
  /** Accepted messages, in order. */
  messages: SinkMessage[];
  /** Every message whose data arrived, accepted or not. */
  attempts: () => number;
  parse: (message: SinkMessage) => Promise<ParsedMail>;
  countByMessageId: () => Map<string, number>;
  countByRecipient: () => Map<string, number>;
  /** Resolves once at least `count` messages are accepted; rejects after `timeoutMs` (a guard, not a measure). */
  waitForMessages: (count: number, timeoutMs?: number) => Promise<void>;
  clear: () => void;
  stop: () => Promise<void>;
};

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const keepRaw = options.keepRaw ?? true;
  const messages: SinkMessage[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let sequence = 0;
  let queueCounter = 0;
  let dropped = false;
  const rejected = new Map(Object.entries(options.rejectRecipients ?? {}).map(([address, reply]) => [address.toLowerCase(), reply]));

  const server: SMTPServer = new SMTPServer({
    name: 'sink.test',
    banner: 'waakzaam test sink',
    logger: false,
    // Postfix-like replies: "250 2.0.0 Ok: queued as …", "451 4.3.0 …".
    hideENHANCEDSTATUSCODES: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) return callback(null, { user: auth.username });
      return callback(replyError({ code: 535, message: 'Authentication credentials invalid' }));
    },
    onRcptTo(address, _session, callback) {
      const recipient = address.address.toLowerCase();
      const hooked = options.reply?.({ stage: 'rcpt', recipient, sequence: sequence + 1 });
      const reply = hooked ?? rejected.get(recipient);
      if (reply === 'drop') return dropConnection(_session);
      if (reply) return callback(replyError(reply));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        sequence += 1;
        const raw = Buffer.concat(chunks);
        const messageId = messageIdOf(raw);
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        const hooked = options.reply?.({ stage: 'data', recipients, sequence, messageId });
        const reply = hooked ?? builtInReply(sequence);
        if (reply === 'drop') return dropConnection(session);
        if (reply) return callback(replyError(reply));
        queueCounter += 1;
        const queueId = `SINK${queueCounter.toString(16).toUpperCase().padStart(6, '0')}`;
        const mailFrom = session.envelope.mailFrom;
        const message: SinkMessage = {
          queueId,
          envelope: { from: mailFrom ? mailFrom.address : '', to: recipients },
          messageId,
          size: raw.length,
          receivedAt: Date.now(),
          ...(keepRaw ? { raw } : {}),
        };
        options.onAccepted?.(message);
        messages.push(message);
        events.emit('accepted', messages.length);
        callback(null, `Ok: queued as ${queueId}`);
      });
    },
  });

  function builtInReply(n: number): SinkReply | undefined {
    if (options.failFirst && n <= options.failFirst.count) {
      return { code: options.failFirst.code ?? 451, message: options.failFirst.message ?? 'Temporary local problem, try again later' };
    }
    if (options.dropConnectionAfter !== undefined && !dropped && messages.length >= options.dropConnectionAfter) {
      dropped = true;
      return 'drop';
    }
    return undefined;
  }

  function dropConnection(session: SMTPServerSession): void {
    // smtp-server keeps its connections (with their sockets) in a set; no public way to reset one.
    const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
    for (const connection of connections) if (connection.id === session.id) connection._socket.destroy();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors of single connections (a client that vanished) must not crash the test process.
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    messages,
    attempts: () => sequence,
    parse: async (message) => {
      if (!message.raw) throw new Error('The sink was started with keepRaw: false');
      return simpleParser(message.raw);
    },
    countByMessageId: () => tally(messages.map((m) => m.messageId ?? '(none)')),
    countByRecipient: () => tally(messages.flatMap((m) => m.envelope.to.map((to) => to.toLowerCase()))),
    waitForMessages: (count, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (messages.length >= count) return resolve();
        const timer = setTimeout(() => {
          events.off('accepted', check);
          reject(new Error(`The sink accepted ${String(messages.length)} of ${String(count)} messages`));
        }, timeoutMs);
        function check(total: number) {
          if (total < count) return;
          clearTimeout(timer);
          events.off('accepted', check);
          resolve();
        }
        events.on('accepted', check);
      }),
    clear: () => {
      messages.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        const connections = (server as unknown as { connections: Set<{ _socket: Socket }> }).connections;
        for (const connection of connections) connection._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function replyError(reply: { code: number; message: string }): Error & { responseCode: number } {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/** The Message-ID header, read from the header block without parsing the whole message. */
function messageIdOf(raw: Buffer): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? raw.length : end).toString('latin1').replace(/\r\n[ \t]+/g, ' ');
  return /^message-id:\s*(<[^>\r\n]*>)/im.exec(head)?.[1];
}

function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
