import type { Config } from '../../config/config.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { removeOrphanSightingPhotos } from '../alerts/sightings.usecases.ts';
import { removeExpiredReports } from '../reports/reports-retention.usecases.ts';
import { MEMBER_SESSION_IDLE_MS } from './member-sign-in.usecases.ts';
import { withMembersTransaction } from './members.transaction.ts';

export type RetentionReport = {
  pendingApplicationsRemoved: number;
  peopleRemoved: number;
  unverifiedContactPointsRemoved: number;
  tokensRemoved: number;
  sessionsRemoved: number;
  sightingPhotosRemoved: number;
};

const DAY_MS = 86_400_000;

/**
 * The retention job (docs/privacy.md): removes
 * - applications still pending after `WAAKZAAM_RETENTION_PENDING_DAYS`, unless the person is an
 *   active member of another network; a person left with no membership at all is deleted;
 * - contact points still unverified after `WAAKZAAM_RETENTION_UNVERIFIED_DAYS` (counted from the
 *   latest invitation for invited people);
 * - used or expired member links and ended member sessions;
 * - photo files of sightings whose incident is gone (the rows go with the incident).
 * Runs in one transaction, so a crash removes nothing half. When member data was removed, one
 * audit entry records the counts (no personal data); spent links and sessions alone are routine
 * and not audited. Safe to run on several nodes at once.
 */
export async function runRetention({ app }: { app: { database: Database; clock: Clock; config: Pick<Config, 'retention' | 'storage'> } }): Promise<RetentionReport> {
  // Files are not part of the transaction: only those no row refers to are removed.
  const sightingPhotosRemoved = await removeOrphanSightingPhotos({ app });
  // Closed reports past WAAKZAAM_RETENTION_REPORT_DAYS, with their photos (audited on their own).
  await removeExpiredReports({ app });
  return withMembersTransaction(app, async ({ people, contacts, memberships, access, audit }) => {
    const now = app.clock.now();
    const report: RetentionReport = { pendingApplicationsRemoved: 0, peopleRemoved: 0, unverifiedContactPointsRemoved: 0, tokensRemoved: 0, sessionsRemoved: 0, sightingPhotosRemoved };

    const stale = await memberships.listStalePending(now - app.config.retention.pendingDays * DAY_MS);
    for (const membership of stale) await memberships.delete(membership.id);
    report.pendingApplicationsRemoved = stale.length;
    for (const personId of new Set(stale.map((m) => m.personId))) {
      const person = await people.findById(personId);
      if (person && person.erasedAt === null && (await memberships.countForPerson(personId)) === 0) {
        await people.delete(personId);
        report.peopleRemoved += 1;
      }
    }

    report.unverifiedContactPointsRemoved = await contacts.deleteUnverifiedBefore(now - app.config.retention.unverifiedDays * DAY_MS);
    report.tokensRemoved = await access.deleteSpentTokens(now);
    report.sessionsRemoved = await access.deleteExpiredSessions(now, now - MEMBER_SESSION_IDLE_MS);

    if (report.pendingApplicationsRemoved + report.peopleRemoved + report.unverifiedContactPointsRemoved + report.sightingPhotosRemoved > 0) {
      await audit.record({ actor: null, label: 'retention job' }, { action: 'members.retention', details: { ...report, pendingDays: app.config.retention.pendingDays, unverifiedDays: app.config.retention.unverifiedDays } });
    }
    return report;
  });
}
