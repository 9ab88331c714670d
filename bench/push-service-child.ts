/**
 * The HTTPS push service of the push benchmark (test/support/push-service.ts), run as a child
 * process so that its TLS and request handling run beside the sender on the second core instead of
 * taking turns with it on one event loop. It holds the device's keys, so it can show that what
 * arrived decrypts. It answers the parent over the IPC channel and ends when the parent goes away.
 */
import { createTestDevice, startTestPushService } from '../test/support/push-service.ts';

export type PushServiceStats = { accepted: number; distinct: number; bytes: number };
export type PushServiceRequest = { id: number } & ({ op: 'register'; names: string[] } | { op: 'reset' } | { op: 'stats' } | { op: 'decryptFirst' } | { op: 'wait'; count: number; timeoutMs: number });
export type PushServiceResponse = { id: number; ok: true; stats: PushServiceStats; text?: string } | { id: number; ok: false; error: string };
/** `origin`: where endpoints live (`<origin>/push/<name>`); the device keys every subscription uses. */
export type PushServiceReady = { ready: true; origin: string; certificate: string; p256dh: string; auth: string };

const service = await startTestPushService();
const device = createTestDevice();
const origin = new URL(service.endpoint('probe', 201)).origin;

function stats(): PushServiceStats {
  return {
    accepted: service.received.length,
    distinct: new Set(service.received.map((r) => r.path)).size,
    bytes: service.received.reduce((sum, r) => sum + r.body.length, 0),
  };
}

async function waitFor(count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (service.received.length < count) {
    if (Date.now() > deadline) throw new Error(`${String(service.received.length)} of ${String(count)} push requests arrived in ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function answer(request: PushServiceRequest): Promise<PushServiceResponse> {
  try {
    let text: string | undefined;
    if (request.op === 'register') for (const name of request.names) service.endpoint(name, 201);
    else if (request.op === 'reset') service.received.length = 0;
    else if (request.op === 'wait') await waitFor(request.count, request.timeoutMs);
    else if (request.op === 'decryptFirst') {
      const first = service.received[0];
      if (!first) throw new Error('nothing arrived to decrypt');
      text = device.decrypt(first.body);
    }
    return { id: request.id, ok: true, stats: stats(), ...(text === undefined ? {} : { text }) };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (request: PushServiceRequest) => {
  void answer(request).then((response) => process.send!(response));
});
process.on('disconnect', () => {
  void service.stop().finally(() => process.exit(0));
});
process.send!({ ready: true, origin, certificate: service.certificate, p256dh: device.p256dh, auth: device.auth } satisfies PushServiceReady);
