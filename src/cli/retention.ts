import { bootApp } from '../main.ts';
import { runRetention } from '../modules/members/retention.usecases.ts';
import { CliError, type Command } from './cli.ts';

/** `waakzaam retention run`: the member data retention job, once (`serve` runs it every hour). */
export const retentionCommand: Command = {
  summary: 'Remove stale member applications, unverified phone numbers and e-mail addresses, spent links and sessions, orphaned sighting photos.',
  usage: 'waakzaam retention run',
  positionals: true,
  run: async ({ positionals, out, config }) => {
    if (positionals.length !== 1 || positionals[0] !== 'run') throw new CliError('usage: waakzaam retention run');
    const app = await bootApp(config());
    try {
      const report = await runRetention({ app });
      const { pendingDays, unverifiedDays } = app.config.retention;
      out(`Retention (applications pending over ${pendingDays} days, contact points unverified over ${unverifiedDays} days):`);
      out(`  pending applications removed:      ${report.pendingApplicationsRemoved}`);
      out(`  people removed (no network left):  ${report.peopleRemoved}`);
      out(`  unverified contact points removed: ${report.unverifiedContactPointsRemoved}`);
      out(`  spent member links removed:        ${report.tokensRemoved}`);
      out(`  ended member sessions removed:     ${report.sessionsRemoved}`);
      out(`  orphaned sighting photos removed:  ${report.sightingPhotosRemoved}`);
      return 0;
    } finally {
      await app.database.close();
    }
  },
};
