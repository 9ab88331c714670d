import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpEmailDriver } from '../../src/channels/email/smtp.email-driver.ts';

const CLI = new URL('./smtp-sink.cli.ts', import.meta.url).pathname;
let child: ChildProcess | undefined;
let folder: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
  child = undefined;
  folder = undefined;
});

describe('the SMTP sink as a separate process', () => {
  it('given it runs on its own, it prints its port and writes each accepted message as a JSON line', async () => {
    folder = mkdtempSync(join(tmpdir(), 'smtp-sink-'));
    const out = join(folder, 'accepted.jsonl');
    child = spawn(process.execPath, ['--import', 'tsx', CLI, '--out', out, '--reject', 'gone@example.test:550'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = await new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve));
    const { port } = JSON.parse(firstLine) as { port: number };

    const driver = createSmtpEmailDriver({ url: `smtp://127.0.0.1:${String(port)}`, requireTls: false, from: { name: 'Waakzaam', address: 'bin@pz.example.be' }, poolSize: 2 });
    const outcomes = await Promise.all(
      ['a@example.test', 'b@example.test', 'gone@example.test'].map((to, n) => driver.send({ to, subject: 'S', text: 'T', idempotencyKey: `k${String(n)}` })),
    );
    await driver.close?.();

    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['sent', 'sent', 'failed_permanent']);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.messageId, line.from, line.to])).toEqual(
      expect.arrayContaining([
        ['<k0@pz.example.be>', 'bin@pz.example.be', ['a@example.test']],
        ['<k1@pz.example.be>', 'bin@pz.example.be', ['b@example.test']],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => line.queueId)).toEqual(expect.arrayContaining(outcomes.slice(0, 2).map((outcome) => outcome.providerId)));
  });
});
