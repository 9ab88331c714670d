/**
 * SIP over UDP (RFC 3261 §18) with symmetric response routing (RFC 3581, rport). Datagrams from
 * sources outside `allowedSources` are dropped before any parsing: one BlockList lookup per packet,
 * so a scanner costs us almost nothing.
 */
import { createSocket, type Socket } from 'node:dgram';
import { BlockList, isIP } from 'node:net';
import { formatVia, parseVia, type Via } from './address.ts';
import { type SipMessage, type SipParseError, header, headerValues, parseMessage, serializeMessage, setHeader } from './message.ts';

export type Endpoint = { host: string; port: number };

export type TransportStats = { received: number; dropped: number; malformed: number; sent: number };

export type Transport = {
  /** The address and port actually bound (port 0 gets a free one). */
  local: Endpoint;
  protocol: 'UDP';
  send(message: SipMessage, to: Endpoint, onError?: (error: Error) => void): void;
  onMessage(handler: (message: SipMessage, source: Endpoint) => void): void;
  /** Malformed datagrams from allowed sources, with the partial request when there is one. */
  onMalformed(handler: (error: SipParseError, source: Endpoint) => void): void;
  stats: TransportStats;
  close(): Promise<void>;
};

/** IPs and CIDRs (`192.0.2.10`, `192.0.2.0/24`, `2001:db8::/32`) to a matcher; undefined allows all. */
export function createSourceFilter(allowed: string[] | undefined): ((address: string) => boolean) | undefined {
  if (!allowed) return undefined;
  const list = new BlockList();
  for (const entry of allowed) {
    const [address = '', prefix] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`allowedSources: not an IP address or CIDR: ${entry}`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    return list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: the server transport notes where a request really came from
 * in the top Via (`received`, and `rport` when the client asked for it).
 */
export function stampReceived(message: SipMessage, source: Endpoint): void {
  if (message.type !== 'request') return;
  const vias = headerValues(message, 'Via');
  const top = vias[0] ? parseVia(vias[0]) : undefined;
  if (!top) return;
  if (top.host !== source.host || 'rport' in top.params) top.params.received = source.host;
  if ('rport' in top.params) top.params.rport = String(source.port);
  setHeader(message, 'Via', formatVia(top), ...vias.slice(1));
}

/** Where a response goes (RFC 3581 §4, RFC 3261 §18.2.2): received/rport first, then sent-by. */
export function responseDestination(via: Via): Endpoint {
  const host = via.params.received ?? via.host;
  const rport = via.params.rport && /^\d{1,5}$/.test(via.params.rport) ? Number(via.params.rport) : undefined;
  return { host, port: rport && rport <= 65535 ? rport : (via.port ?? 5060) };
}

export async function createUdpTransport(options: {
  host: string;
  port: number;
  allowedSources?: string[];
  log?: (level: 'debug' | 'warn', message: string, data?: Record<string, unknown>) => void;
}): Promise<Transport> {
  const allowed = createSourceFilter(options.allowedSources);
  const socket: Socket = createSocket({ type: isIP(options.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  const stats: TransportStats = { received: 0, dropped: 0, malformed: 0, sent: 0 };
  let messageHandler: (message: SipMessage, source: Endpoint) => void = () => {};
  let malformedHandler: (error: SipParseError, source: Endpoint) => void = () => {};

  socket.on('message', (data, rinfo) => {
    if (allowed && !allowed(rinfo.address)) {
      stats.dropped++;
      return;
    }
    stats.received++;
    const source = { host: rinfo.address, port: rinfo.port };
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      stats.malformed++;
      if (parsed.error.code !== 'sip.empty') malformedHandler(parsed.error, source);
      return;
    }
    stampReceived(parsed.message, source);
    try {
      messageHandler(parsed.message, source);
    } catch (error) {
      options.log?.('warn', 'SIP message handler failed', { error: String(error), callId: header(parsed.message, 'Call-ID') });
    }
  });
  socket.on('error', (error) => options.log?.('warn', 'SIP socket error', { error: String(error) }));

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const address = socket.address();

  return {
    local: { host: options.host === '0.0.0.0' || options.host === '::' ? address.address : options.host, port: address.port },
    protocol: 'UDP',
    send(message, to, onError) {
      stats.sent++;
      try {
        socket.send(serializeMessage(message), to.port, to.host, (error) => {
          if (error) onError?.(error);
        });
      } catch (error) {
        // A peer-supplied address can be unusable (bad port in rport): report it like a send failure.
        const failure = error instanceof Error ? error : new Error(String(error));
        if (onError) onError(failure);
        else options.log?.('warn', 'SIP send failed', { error: failure.message, to: to.host });
      }
    },
    onMessage(handler) {
      messageHandler = handler;
    },
    onMalformed(handler) {
      malformedHandler = handler;
    },
    stats,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
