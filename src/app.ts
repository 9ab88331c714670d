import { createBlobStore } from './modules/blobs/blobs.repository.ts';
import type { Logger } from 'pino';
import type { EmailDriver } from './channels/email/email.channel.ts';
import type { PushDriver } from './channels/push/push.channel.ts';
import type { SmsDriver } from './channels/sms/sms.channel.ts';
import type { VoiceDriver } from './channels/voice/voice.channel.ts';
import type { Config } from './config/config.ts';
import type { Database } from './db/database.ts';
import { createAccountsRepository } from './modules/accounts/accounts.repository.ts';
import { createOneTimeTokensRepository } from './modules/accounts/one-time-tokens.repository.ts';
import { createRateLimitsRepository } from './modules/accounts/rate-limits.repository.ts';
import { createSessionsRepository } from './modules/accounts/sessions.repository.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { createAuditLog } from './modules/audit/audit.usecases.ts';
import { createChannelHealth } from './modules/deliveries/channel-health.ts';
import { createDeliveriesRepository } from './modules/deliveries/deliveries.repository.ts';
import { createAddressesRepository } from './modules/geography/addresses.repository.ts';
import { createNetworkAreasRepository } from './modules/networks/network-areas.repository.ts';
import { createNetworkAssignmentRepository } from './modules/networks/network-assignment.repository.ts';
import { createNetworksRepository } from './modules/networks/networks.repository.ts';
import { createContactPointsRepository } from './modules/members/contact-points.repository.ts';
import { createMemberAccessRepository } from './modules/members/member-access.repository.ts';
import { createMembershipsRepository } from './modules/members/memberships.repository.ts';
import { createPeopleRepository } from './modules/members/people.repository.ts';
import { createPrivacyTextsRepository } from './modules/members/privacy-texts.repository.ts';
import { createPushSubscriptionsRepository } from './modules/push/push-subscriptions.repository.ts';
import { createZonesRepository } from './modules/zones/zones.repository.ts';
import type { Clock } from './shared/clock.ts';
import type { IdGenerator } from './shared/ids.ts';
import { createDeferredJobs } from './modules/jobs/deferred-jobs.ts';
import { createAuthFailuresRepository } from './modules/accounts/auth-failures.repository.ts';

export type AppDependencies = {
  config: Config & { security: { sessionSecret: string } };
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  email: EmailDriver;
  sms: SmsDriver;
  voice: VoiceDriver;
  /** Web push; absent (benchmarks, some tests): push steps are not dispatched. */
  push?: PushDriver;
};

/**
 * The composition of repositories and services that routes, CLI commands and roles use. Plain
 * factories; nothing global.
 */
export function createApp(deps: AppDependencies) {
  const { database, clock } = deps;
  const audit = createAuditRepository({ database });
  return {
    ...deps,
    accounts: createAccountsRepository({ database }),
    sessions: createSessionsRepository({ database }),
    oneTimeTokens: createOneTimeTokensRepository({ database }),
    rateLimits: createRateLimitsRepository({ database }),
    authFailures: createAuthFailuresRepository({ database }),
    /** Work that runs after the response (src/modules/jobs/deferred-jobs.ts). */
    jobs: createDeferredJobs({ database, clock, ids: deps.ids, logger: deps.logger }),
    audit,
    auditLog: createAuditLog({ audit, clock }),
    zones: createZonesRepository({ database }),
    addresses: createAddressesRepository({ database }),
    networks: createNetworksRepository({ database }),
    networkAreas: createNetworkAreasRepository({ database }),
    networkAssignments: createNetworkAssignmentRepository({ database }),
    people: createPeopleRepository({ database }),
    contactPoints: createContactPointsRepository({ database }),
    memberships: createMembershipsRepository({ database }),
    memberAccess: createMemberAccessRepository({ database }),
    privacyTexts: createPrivacyTextsRepository({ database }),
    deliveries: createDeliveriesRepository({ database }),
    pushSubscriptions: createPushSubscriptionsRepository({ database }),
    /** Every file the platform keeps (charters, photos, minutes, recordings, prompts): in the database, so every node has it. */
    blobs: createBlobStore({ database }),
    /** Each channel's health on this node: the dispatcher decides by it, the console shows it. */
    channelHealth: createChannelHealth({ drivers: { email: deps.email, sms: deps.sms, voice: deps.voice, push: deps.push }, clock }),
  };
}

export type App = ReturnType<typeof createApp>;
