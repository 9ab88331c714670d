import { type Socket, createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { type SipMessage, type SipRequest, type SipResponse, createResponse, essentials, parseMessage, serializeMessage } from './message.ts';
import { createTimerQueue } from './timers.ts';
import { type ServerTransaction, type TransactionLayer, createTransactionLayer, newBranch } from './transaction.ts';
import { type Transport, createUdpTransport } from './transport.ts';

// A tiny T1 so Timer F (64·T1) is 1.3 s; T2 caps the non-INVITE retransmissions.
const SETTINGS = { t1: 20, t2: 80, t4: 100, timerD: 200 };

type Peer = { socket: Socket; port: number; received: SipMessage[]; next(predicate?: (m: SipMessage) => boolean): Promise<SipMessage> };

async function createPeer(): Promise<Peer> {
  const socket = createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  const received: SipMessage[] = [];
  const waiters: { predicate: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  socket.on('message', (data) => {
    const parsed = parseMessage(data);
    if (!parsed.ok) return;
    received.push(parsed.message);
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate(parsed.message)) waiter.resolve(parsed.message);
      else waiters.push(waiter);
    }
  });
  return {
    socket,
    port: socket.address().port,
    received,
    next: (predicate = () => true) => new Promise((resolve) => waiters.push({ predicate, resolve })),
  };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setup(requests: { request: SipRequest; tx: ServerTransaction | undefined }[] = [], cancels: ServerTransaction[] = []) {
  const transport: Transport = await createUdpTransport({ host: '127.0.0.1', port: 0 });
  const timers = createTimerQueue();
  const layer: TransactionLayer = createTransactionLayer({
    transport, timers, settings: SETTINGS,
    hooks: { onRequest: (request, tx) => requests.push({ request, tx }), onCancel: (invite) => cancels.push(invite), onStrayResponse: () => {} },
  });
  transport.onMessage((message, source) => layer.receive(message, source));
  const peer = await createPeer();
  cleanup.push(async () => {
    timers.close();
    await transport.close();
    await new Promise<void>((done) => peer.socket.close(() => done()));
  });
  return { transport, layer, peer };
}

function request(method: string, viaHost: string, viaPort: number, branch = newBranch()): SipRequest {
  return {
    type: 'request', method, uri: 'sip:peer@127.0.0.1',
    headers: [
      { name: 'Via', value: `SIP/2.0/UDP ${viaHost}:${viaPort};branch=${branch};rport` },
      { name: 'From', value: '<sip:a@127.0.0.1>;tag=abc' },
      { name: 'To', value: '<sip:peer@127.0.0.1>' },
      { name: 'Call-ID', value: `call-${branch}` },
      { name: 'CSeq', value: `1 ${method}` },
      { name: 'Contact', value: `<sip:a@${viaHost}:${viaPort}>` },
    ],
    body: Buffer.alloc(0),
  };
}

const sendTo = (peer: Peer, message: SipMessage, port: number) => peer.socket.send(serializeMessage(message), port, '127.0.0.1');

describe('SIP transactions over UDP', () => {
  it('given a non-INVITE nobody answers, it is retransmitted (Timer E) and times out (Timer F)', async () => {
    const { transport, layer, peer } = await setup();
    let timedOut = false;
    layer.sendRequest(request('OPTIONS', '127.0.0.1', transport.local.port), { host: '127.0.0.1', port: peer.port }, { onResponse: () => {}, onTimeout: () => (timedOut = true), onTransportError: () => {} });
    await until(() => timedOut);
    expect(peer.received.length).toBeGreaterThan(3);
    expect(new Set(peer.received.map((m) => serializeMessage(m).toString())).size).toBe(1);
  });

  it('given an INVITE answered 486, the transaction ACKs it with the INVITE branch, and ACKs a retransmitted 486 again', async () => {
    const { transport, layer, peer } = await setup();
    const responses: SipResponse[] = [];
    const invite = request('INVITE', '127.0.0.1', transport.local.port);
    layer.sendRequest(invite, { host: '127.0.0.1', port: peer.port }, { onResponse: (r) => responses.push(r), onTimeout: () => {}, onTransportError: () => {} });
    const received = (await peer.next()) as SipRequest;
    const busy = createResponse(received, 486, { toTag: 'peer1' });
    sendTo(peer, busy, transport.local.port);
    const ack = (await peer.next((m) => m.type === 'request' && m.method === 'ACK')) as SipRequest;
    sendTo(peer, busy, transport.local.port);
    await peer.next((m) => m.type === 'request' && m.method === 'ACK' && m !== ack);
    expect(essentials(ack).via[0]!.params.branch).toBe(essentials(invite).via[0]!.params.branch);
    expect(essentials(ack).to.params.tag).toBe('peer1');
    expect(essentials(ack).cseq).toEqual({ seq: 1, method: 'ACK' });
    expect(responses.map((r) => r.status)).toEqual([486]);
  });

  it('given a retransmitted request after our final response, the server transaction resends the response and the TU sees it once', async () => {
    const requests: { request: SipRequest; tx: ServerTransaction | undefined }[] = [];
    const { transport, peer } = await setup(requests);
    const options = request('OPTIONS', '127.0.0.1', peer.port);
    sendTo(peer, options, transport.local.port);
    await until(() => requests.length === 1);
    requests[0]!.tx!.reply(200);
    await peer.next((m) => m.type === 'response');
    sendTo(peer, options, transport.local.port);
    await peer.next((m) => m.type === 'response' && peer.received.length === 2);
    expect(requests).toHaveLength(1);
    // RFC 3581: the response carries where the request really came from.
    expect(essentials(peer.received[1]!).via[0]!.params).toMatchObject({ received: '127.0.0.1', rport: String(peer.port) });
  });

  it('given a 486 to an INVITE, the server transaction retransmits it (Timer G) until the ACK arrives', async () => {
    const requests: { request: SipRequest; tx: ServerTransaction | undefined }[] = [];
    const { transport, peer } = await setup(requests);
    const invite = request('INVITE', '127.0.0.1', peer.port);
    sendTo(peer, invite, transport.local.port);
    await until(() => requests.length === 1);
    expect(requests[0]!.tx!.state).toBe('proceeding');
    const busy = requests[0]!.tx!.reply(486, { toTag: 'me' });
    await until(() => peer.received.filter((m) => m.type === 'response' && m.status === 486).length >= 3);
    sendTo(peer, { ...invite, method: 'ACK', headers: invite.headers.map((h) => (h.name === 'CSeq' ? { ...h, value: '1 ACK' } : h.name === 'To' ? { ...h, value: `${h.value};tag=me` } : h)) }, transport.local.port);
    await until(() => requests[0]!.tx!.state === 'confirmed');
    expect(busy.status).toBe(486);
    // The ACK of a non-2xx belongs to the transaction and is not handed to the TU.
    expect(requests).toHaveLength(1);
    expect(peer.received[0]).toMatchObject({ type: 'response', status: 100 });
  });

  it('given a CANCEL for a pending INVITE, it is answered 200 and the TU is told; an unknown CANCEL gets 481', async () => {
    const requests: { request: SipRequest; tx: ServerTransaction | undefined }[] = [];
    const cancels: ServerTransaction[] = [];
    const { transport, peer } = await setup(requests, cancels);
    const branch = newBranch();
    const invite = request('INVITE', '127.0.0.1', peer.port, branch);
    sendTo(peer, invite, transport.local.port);
    await until(() => requests.length === 1);
    const cancel = { ...invite, method: 'CANCEL', headers: invite.headers.map((h) => (h.name === 'CSeq' ? { ...h, value: '1 CANCEL' } : h)) };
    sendTo(peer, cancel, transport.local.port);
    const ok = (await peer.next((m) => m.type === 'response' && essentials(m).cseq.method === 'CANCEL')) as SipResponse;
    expect(ok.status).toBe(200);
    expect(cancels).toEqual([requests[0]!.tx]);
    sendTo(peer, request('CANCEL', '127.0.0.1', peer.port), transport.local.port);
    const unknown = (await peer.next((m) => m.type === 'response' && m.status === 481)) as SipResponse;
    expect(essentials(unknown).cseq.method).toBe('CANCEL');
  });
});
