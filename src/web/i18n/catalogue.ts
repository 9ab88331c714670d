import type { Locale } from './locales.ts';
import { emailMessages } from '../../channels/email/email.messages.ts';
import { accountsMessages } from '../../modules/accounts/accounts.messages.ts';
import { staffMessages } from '../../modules/accounts/staff.messages.ts';
import { alertsMessages } from '../../modules/alerts/alerts.messages.ts';
import { alertPagesMessages } from '../../modules/alerts/alert-pages.messages.ts';
import { greenMessagesMessages } from '../../modules/alerts/green-messages.messages.ts';
import { alertSettingsMessages } from '../../modules/alert-settings/alert-settings.messages.ts';
import { sightingsMessages } from '../../modules/alerts/sightings.messages.ts';
import { auditMessages } from '../../modules/audit/audit.messages.ts';
import { consoleMessages } from '../../modules/console/console.messages.ts';
import { channelHealthMessages } from '../../modules/console/channel-health.messages.ts';
import { smsRepliesMessages } from '../../modules/deliveries/sms-replies.messages.ts';
import { contactsMessages } from '../../modules/contacts/contacts.messages.ts';
import { geographyMessages } from '../../modules/geography/geography.messages.ts';
import { coordinatorMessages } from '../../modules/members/coordinator.messages.ts';
import { memberImportMessages } from '../../modules/members/member-import.messages.ts';
import { memberInvitationsMessages } from '../../modules/members/member-invitations.messages.ts';
import { householdsMessages } from '../../modules/members/households.messages.ts';
import { memberAccessMessages } from '../../modules/members/member-access.messages.ts';
import { membersMessages } from '../../modules/members/members.messages.ts';
import { registrationMessages } from '../../modules/members/registration.messages.ts';
import { selfServiceMessages } from '../../modules/members/self-service.messages.ts';
import { joinMessages } from '../../modules/networks/join.messages.ts';
import { networkAreasMessages } from '../../modules/networks/network-areas.messages.ts';
import { networksMessages } from '../../modules/networks/networks.messages.ts';
import { zonesMessages } from '../../modules/zones/zones.messages.ts';
import { areaChangeMessages } from '../../modules/members/area-change.messages.ts';
import { reportsMessages } from '../../modules/reports/reports.messages.ts';
import { evaluationMeetingsMessages } from '../../modules/evaluation-meetings/evaluation-meetings.messages.ts';
import { meetingRepliesMessages } from '../../modules/evaluation-meetings/meeting-replies.messages.ts';
import { pushMessages } from '../../modules/push/push.messages.ts';
import { evaluationMessages } from '../../modules/evaluation/evaluation.messages.ts';
import { voicePromptsMessages } from '../../modules/voice-prompts/voice-prompts.messages.ts';
import { dialInMessages } from '../../modules/dial-in/dial-in.messages.ts';
import { apiClientsMessages } from '../../modules/api-clients/api-clients.messages.ts';
import { alertsApiMessages } from '../../modules/alerts/alerts-api.messages.ts';
import { capMessages } from '../../modules/cap/cap.messages.ts';
import { webMessages } from '../web.messages.ts';

// Every module's messages. Add a module's catalogue here; the key sets of the modules must not overlap.
const MODULE_CATALOGUES = [webMessages, areaChangeMessages, zonesMessages, auditMessages, accountsMessages, staffMessages, geographyMessages, contactsMessages, networksMessages, networkAreasMessages, joinMessages, membersMessages, registrationMessages, memberAccessMessages, householdsMessages, selfServiceMessages, emailMessages, coordinatorMessages, memberImportMessages, memberInvitationsMessages, consoleMessages, alertsMessages, alertPagesMessages, sightingsMessages, greenMessagesMessages, alertSettingsMessages, smsRepliesMessages, reportsMessages, evaluationMeetingsMessages, meetingRepliesMessages, pushMessages, channelHealthMessages, evaluationMessages, voicePromptsMessages, dialInMessages, apiClientsMessages, alertsApiMessages, capMessages] as const;

type KeysOf<C> = C extends Record<Locale, Record<infer K, string>> ? K : never;
export type MessageKey = KeysOf<(typeof MODULE_CATALOGUES)[number]>;

export const CATALOGUE: Record<Locale, Record<string, string>> = {
  nl: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.nl)),
  fr: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.fr)),
  de: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.de)),
  en: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.en)),
};

/** Keys defined by more than one module (a test keeps this empty). */
export function overlappingKeys(): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const catalogue of MODULE_CATALOGUES) {
    for (const key of Object.keys(catalogue.nl)) {
      if (seen.has(key)) twice.push(key);
      seen.add(key);
    }
  }
  return twice;
}
