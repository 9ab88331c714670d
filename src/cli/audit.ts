import { bootApp } from '../main.ts';
import type { ChainProblem } from '../modules/audit/audit.models.ts';
import { verifyAuditChain } from '../modules/audit/audit.usecases.ts';
import { CliError, type Command } from './cli.ts';

const EXPLANATIONS: Record<ChainProblem['problem'], string> = {
  hash_mismatch: 'the entry was changed after it was written',
  broken_link: 'the entry does not follow on from the one before it',
  missing_row: 'one or more entries before this one were deleted',
  truncated: 'this entry and every newer one were deleted',
  head_mismatch: 'the stored chain head does not match the entries',
  head_missing: 'the stored chain head was deleted',
};

const USAGE = 'usage: waakzaam audit verify | waakzaam audit merges';

/**
 * Before households, a second person who verified a phone number someone already held was merged
 * into that person (audit `members.merged` with `sameVerified` mobile or landline, by the system).
 * Those merges may have swallowed a partner or a parent: they are listed for the zone admin to
 * check with the coordinators (the entry names both ids; the merged person's name is gone).
 */
async function listPastPhoneMerges(app: Awaited<ReturnType<typeof bootApp>>, out: (line: string) => void): Promise<number> {
  let found = 0;
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await app.audit.list({ zoneIds: 'all', limit: 500, beforeSeq, actionPrefix: 'members.merged' });
    for (const entry of page) {
      const details = JSON.parse(entry.details) as { mergedPersonId?: string; sameVerified?: string; chosenBy?: string };
      if (details.chosenBy || (details.sameVerified !== 'mobile' && details.sameVerified !== 'landline')) continue;
      found += 1;
      out(`  seq ${entry.seq}  ${new Date(entry.at).toISOString()}  zone ${entry.zoneId ?? '-'}  kept ${entry.objectId}  merged ${details.mergedPersonId}  by shared ${details.sameVerified}`);
    }
    if (page.length < 500) break;
    beforeSeq = page.at(-1)!.seq;
  }
  out(found === 0 ? 'No past merge by a shared phone number.' : `${found} past ${found === 1 ? 'merge' : 'merges'} by a shared phone number: check each with the network's coordinators.`);
  return 0;
}

export const auditCommand: Command = {
  summary: 'Check that no audit log entry was changed or deleted (exit code 1 if one was); list past merges by a shared phone number.',
  usage: 'waakzaam audit verify | waakzaam audit merges',
  positionals: true,
  run: async ({ positionals, out, config }) => {
    if (positionals.length !== 1 || (positionals[0] !== 'verify' && positionals[0] !== 'merges')) throw new CliError(USAGE);
    const app = await bootApp(config());
    if (positionals[0] === 'merges') {
      try {
        return await listPastPhoneMerges(app, out);
      } finally {
        await app.database.close();
      }
    }
    try {
      const { checked, problems } = await verifyAuditChain({ audit: app.audit });
      out(`Checked ${checked} audit log ${checked === 1 ? 'entry' : 'entries'} in ${app.database.location}.`);
      for (const { seq, problem } of problems) out(`  seq ${seq}: ${problem} (${EXPLANATIONS[problem]})`);
      if (problems.length === 0) {
        out('The audit chain is intact.');
        return 0;
      }
      out(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found: the audit log was changed outside Waakzaam. Compare with a backup.`);
      return 1;
    } finally {
      await app.database.close();
    }
  },
};
