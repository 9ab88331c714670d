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

export const auditCommand: Command = {
  summary: 'Check that no audit log entry was changed or deleted (exit code 1 if one was).',
  usage: 'waakzaam audit verify',
  positionals: true,
  run: async ({ positionals, out, config }) => {
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new CliError('usage: waakzaam audit verify');
    const app = await bootApp(config());
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
