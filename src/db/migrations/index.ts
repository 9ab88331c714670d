import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as addresses from './0002-addresses.ts';
import * as networks from './0003-networks.ts';
import * as members from './0004-members.ts';
import * as memberImports from './0005-member-imports.ts';
import * as alerts from './0006-alerts.ts';
import * as incidentNotes from './0007-incident-notes.ts';
import * as sightings from './0008-sightings.ts';
import * as alertSettings from './0009-alert-settings.ts';
import * as smsOptOut from './0010-sms-opt-out.ts';
import * as reports from './0011-reports.ts';
import * as evaluationMeetings from './0012-evaluation-meetings.ts';
import * as push from './0013-push.ts';
import * as dialIn from './0014-dial-in.ts';
import * as alertShortLinks from './0015-alert-short-links.ts';
import * as planningJobs from './0016-planning-jobs.ts';
import { blobsAndSecrets } from './0017-blobs-and-secrets.ts';
import * as apiClientsWebhooks from './0018-api-clients-webhooks.ts';
import * as security from './0020-security.ts';
import * as households from './0022-households.ts';

/** Every migration in order. Names never change once released. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-addresses': addresses,
  '0003-networks': networks,
  '0004-members': members,
  '0005-member-imports': memberImports,
  '0006-alerts': alerts,
  '0007-incident-notes': incidentNotes,
  '0008-sightings': sightings,
  '0009-alert-settings': alertSettings,
  '0010-sms-opt-out': smsOptOut,
  '0011-reports': reports,
  '0012-evaluation-meetings': evaluationMeetings,
  '0013-push': push,
  '0014-dial-in': dialIn,
  '0015-alert-short-links': alertShortLinks,
  '0016-planning-jobs': planningJobs,
  '0017-blobs-and-secrets': blobsAndSecrets(),
  '0018-api-clients-webhooks': apiClientsWebhooks,
  '0020-security': security,
  '0022-households': households,
};

/** What a migration may need besides the database: the data folder whose files move into it. */
export type MigrationContext = { dataDir?: string };

/** Every migration, those that move files given the data folder to read them from. */
export function migrationsFor(context: MigrationContext): Record<string, Migration> {
  return { ...MIGRATIONS, '0017-blobs-and-secrets': blobsAndSecrets(context) };
}
