import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../../src/channels/email/smtp.email-driver.ts';
import { createDeliveriesRepository } from '../../src/modules/deliveries/deliveries.repository.ts';
import { bareSteps, insertBareAlert } from '../../src/modules/deliveries/deliveries.test-support.ts';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../support/databases.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

const MEMBERS = 5_000;
const KILL_AFTER = 1_500;
const SENDER = 'bin@pz-test.example';
const SCRIPT = resolve(import.meta.dirname, '../support/dispatcher-process.ts');

type Dispatching = { child: ChildProcess; owner: Promise<string>; exited: Promise<number | null>; stderr: () => string };

/** A dispatcher process (see test/support/dispatcher-process.ts) with a short lease. */
function startDispatcherProcess(database: string, sink: SmtpSink): Dispatching {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--database', database, '--smtp', sink.url, '--lease-ms', '2000', '--from', SENDER], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const owner = new Promise<string>((resolveOwner, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveOwner((JSON.parse(line) as { owner: string }).owner);
    });
    child.once('exit', () => reject(new Error(`dispatcher process ended before starting: ${stderr}`)));
  });
  owner.catch(() => {});
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, owner, exited, stderr: () => stderr };
}

describe.each(TEST_DIALECTS)('a crash of a dispatcher process on %s', (dialect) => {
  const children: ChildProcess[] = [];
  let database: TestDatabase | undefined;
  let sink: SmtpSink | undefined;
  let folder: string | undefined;

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sink?.stop();
    await database?.destroy();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it(
    `given ${MEMBERS} e-mails and a dispatcher killed with SIGKILL midway, every member ends with exactly one accepted message and resends are recognisable by Message-ID`,
    async () => {
      folder = mkdtempSync(join(tmpdir(), 'waakzaam-crash-'));
      const file = join(folder, 'crash.sqlite');
      database = await createTestDatabase(dialect, { file });
      const deliveries = createDeliveriesRepository({ database });
      const now = Date.now();
      await insertBareAlert(database, { alertId: 'alert-crash', now });
      const steps = bareSteps('alert-crash', MEMBERS, { dueAt: now });
      await deliveries.insertPlan(steps, now);
      sink = await startSmtpSink({ keepRaw: false });

      const location = database.url ?? file;
      // SQLite: one dispatcher at a time, as `waakzaam serve` runs it. PostgreSQL: two nodes at once.
      const first = startDispatcherProcess(location, sink);
      const second = dialect === 'postgres' ? startDispatcherProcess(location, sink) : undefined;
      children.push(first.child, ...(second ? [second.child] : []));
      const firstOwner = await first.owner;

      await sink.waitForMessages(KILL_AFTER, 60_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const arrivedAtKill = sink.messages.length;
      const inFlightAtKill = Number(
        (await database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sending').where('lease_owner', '=', firstOwner).executeTakeFirstOrThrow()).n,
      );
      expect(arrivedAtKill).toBeLessThan(MEMBERS);

      const finisher = second ?? startDispatcherProcess(location, sink);
      if (!second) children.push(finisher.child);
      const code = await finisher.exited;
      expect(code, finisher.stderr()).toBe(0);

      // Every step sent, and recorded so.
      expect(await deliveries.countsForAlert('alert-crash')).toEqual([{ channel: 'email', status: 'sent', count: MEMBERS }]);

      // At the SMTP server: each member's Message-ID arrived, and each member got one distinct message.
      const byMessageId = sink.countByMessageId();
      const expected = steps.map((step) => messageIdFor(step.idempotencyKey, SENDER));
      expect(byMessageId.size).toBe(MEMBERS);
      expect(expected.filter((id) => !byMessageId.has(id))).toEqual([]);
      const idsPerMember = new Map<string, Set<string>>();
      for (const message of sink.messages) for (const to of message.envelope.to) idsPerMember.set(to, (idsPerMember.get(to) ?? new Set()).add(message.messageId!));
      expect(idsPerMember.size).toBe(MEMBERS);
      expect([...idsPerMember.values()].filter((ids) => ids.size !== 1)).toEqual([]);

      // A raw duplicate is a resend of a step whose lease was taken over (a second attempt, with
      // the same Message-ID), never anything else: the steps in flight at the kill, and on a loaded
      // machine a step whose node stalled past its lease before the kill (PostgreSQL: two nodes).
      const resent = await database.db.selectFrom('deliveries').select('idempotency_key').where('attempts', '>', 1).execute();
      const resentIds = new Set(resent.map((row) => messageIdFor(row.idempotency_key, SENDER)));
      const duplicated = [...byMessageId].filter(([, count]) => count > 1);
      expect(duplicated.every(([id, count]) => count === 2 && resentIds.has(id))).toBe(true);
      const duplicates = sink.messages.length - MEMBERS;
      if (dialect === 'sqlite') expect(duplicates).toBeLessThanOrEqual(inFlightAtKill);
      console.info(
        `[crash test, ${dialect}] killed after ${arrivedAtKill} of ${MEMBERS} accepted; ${inFlightAtKill} steps in flight at the kill; ${resentIds.size} taken over; ${duplicates} raw duplicates at the SMTP server`,
      );
    },
    120_000,
  );
});
