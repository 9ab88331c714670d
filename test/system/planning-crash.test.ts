import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishAlert } from '../../src/modules/alerts/alert-planning.usecases.ts';
import { DISPATCHER, addMember, publishInput, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { createPlanningJobsRepository } from '../../src/modules/alerts/planning-jobs.repository.ts';
import { type TestApp, createTestApp } from '../support/app.ts';
import { TEST_DIALECTS } from '../support/databases.ts';

const MEMBERS = 600;
const CHUNK = 50;
const SCRIPT = resolve(import.meta.dirname, '../support/planner-process.ts');
const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

type ChunkLine = { owner: string; alertId: string; phase: string; cursor: string | null; from: string | null; outcome: string };
type Planner = { child: ChildProcess; lines: ChunkLine[]; firstChunk: Promise<void>; exited: Promise<number | null>; stderr: () => string };

/** A planner process (test/support/planner-process.ts) with a short lease and a pause after each chunk. */
function startPlannerProcess(database: string, pauseMs: number): Planner {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--database', database, '--chunk-size', String(CHUNK), '--lease-ms', '1000', '--pause-ms', String(pauseMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: ChunkLine[] = [];
  let out = '';
  const firstChunk = new Promise<void>((resolveFirst, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const complete = out.split('\n');
      out = complete.pop()!;
      for (const line of complete) if (line.startsWith('{')) lines.push(JSON.parse(line) as ChunkLine);
      if (lines.length > 0) resolveFirst();
    });
    child.once('exit', () => reject(new Error(`planner process ended before its first chunk: ${stderr}`)));
  });
  firstChunk.catch(() => {});
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, lines, firstChunk, exited, stderr: () => stderr };
}

describe.each(TEST_DIALECTS)('a crash of a planner process on %s', (dialect) => {
  const children: ChildProcess[] = [];
  let app: TestApp | undefined;
  let folder: string | undefined;

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await app?.database.destroy();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it(
    `given a red alert to ${MEMBERS} members and its planner killed with SIGKILL after its first chunk, another planner resumes the job and every person is planned exactly once`,
    async () => {
      folder = mkdtempSync(join(tmpdir(), 'waakzaam-planning-crash-'));
      app = await createTestApp({ dialect, file: join(folder, 'planning.sqlite') });
      await seedAlertZone(app, Date.now());
      // Two thirds by SMS (planned in the first pass), one third by e-mail only (the second pass).
      for (let i = 0; i < MEMBERS; i++) {
        const id = `p${String(i).padStart(4, '0')}`;
        await addMember(app, i % 3 === 2 ? { id, red: ['voice'], contacts: [{ kind: 'email', value: `${id}@example.test` }] } : { id }, Date.now());
      }
      const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
      const location = app.database.url ?? join(folder, 'planning.sqlite');

      const first = startPlannerProcess(location, 2_000);
      children.push(first.child);
      await first.firstChunk;
      first.child.kill('SIGKILL');
      await first.exited;
      const atKill = first.lines.length;
      expect(atKill).toBeGreaterThanOrEqual(1);
      expect(first.lines.every((line) => line.outcome === 'more')).toBe(true);
      // Steps of the first chunk were committed (claimable) before the kill.
      expect(await app.deliveries.listByAlert(alert.id)).not.toHaveLength(0);

      // The restart (or another node): takes the job over once the dead planner's lease ran out.
      const second = startPlannerProcess(location, 0);
      children.push(second.child);
      expect(await second.exited, second.stderr()).toBe(0);
      expect(second.lines[0]!.from).toBe(first.lines[atKill - 1]!.cursor);
      expect(second.lines.at(-1)!.outcome).toBe('done');

      const audience = await app.database.db.selectFrom('alert_audience').select('person_id').where('alert_id', '=', alert.id).execute();
      expect(audience).toHaveLength(MEMBERS);
      const steps = await app.deliveries.listByAlert(alert.id);
      expect(steps).toHaveLength(MEMBERS);
      expect(new Set(steps.map((step) => step.personId)).size).toBe(MEMBERS);
      expect(steps.filter((step) => step.channel === 'sms')).toHaveLength(MEMBERS - MEMBERS / 3);
      expect(steps.filter((step) => step.channel === 'email')).toHaveLength(MEMBERS / 3);
      const job = await createPlanningJobsRepository({ database: app.database }).find(alert.id);
      expect(job).toMatchObject({ status: 'done', plannedPeople: MEMBERS, plannedSteps: MEMBERS, candidates: MEMBERS });
    },
    120_000,
  );
});
