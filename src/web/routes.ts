import { registerAccountRoutes } from '../modules/accounts/account.routes.tsx';
import { registerAuthRoutes } from '../modules/accounts/auth.routes.tsx';
import { registerStaffRoutes } from '../modules/accounts/staff.routes.tsx';
import { registerAlertsRoutes } from '../modules/alerts/alerts.routes.tsx';
import { registerSightingsRoutes } from '../modules/alerts/sightings.routes.tsx';
import { registerGreenMessagesRoutes } from '../modules/alerts/green-messages.routes.tsx';
import { registerAlertSettingsRoutes } from '../modules/alert-settings/alert-settings.routes.tsx';
import { registerAuditRoutes } from '../modules/audit/audit.routes.tsx';
import { registerConsoleRoutes } from '../modules/console/console.routes.tsx';
import { registerMemberImportRoutes } from '../modules/members/member-import.routes.tsx';
import { registerMemberInvitationRoutes } from '../modules/members/member-invitations.routes.tsx';
import { registerMemberListRoutes } from '../modules/members/member-list.routes.tsx';
import { registerMembersRoutes } from '../modules/members/members.routes.ts';
import { registerMetricsRoutes } from '../modules/metrics/metrics.routes.ts';
import { registerJoinRoutes } from '../modules/networks/join.routes.tsx';
import { registerNetworksRoutes } from '../modules/networks/networks.routes.tsx';
import { registerZonesRoutes } from '../modules/zones/zones.routes.tsx';
import { registerApiRoutes } from './api/api.routes.ts';
import { registerAreaChangeRoutes } from '../modules/members/area-change.routes.tsx';
import { registerReportsRoutes } from '../modules/reports/reports.routes.tsx';
import { registerPushRoutes } from '../modules/push/push.routes.tsx';
import { registerHomeRoutes } from './home.routes.tsx';
import { registerEvaluationMeetingsRoutes } from '../modules/evaluation-meetings/evaluation-meetings.routes.tsx';
import type { RouteRegistrar } from './server.ts';

/** Every module's routes, in the order they are registered. */
export const ROUTE_REGISTRARS: readonly RouteRegistrar[] = [registerMetricsRoutes, registerHomeRoutes, registerZonesRoutes, registerAuditRoutes, registerApiRoutes, registerAuthRoutes, registerAccountRoutes, registerStaffRoutes, registerNetworksRoutes, registerJoinRoutes, registerMembersRoutes, registerMemberListRoutes, registerAreaChangeRoutes, registerMemberImportRoutes, registerMemberInvitationRoutes, registerConsoleRoutes, registerAlertsRoutes, registerSightingsRoutes, registerGreenMessagesRoutes, registerAlertSettingsRoutes, registerPushRoutes, registerReportsRoutes, registerEvaluationMeetingsRoutes];
