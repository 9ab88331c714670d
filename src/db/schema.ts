import type { Generated } from 'kysely';
import type { AlertRatingsTable, AlertShortLinksTable, AlertTemplatesTable, AlertsTable, DeliveriesTable, DialInPinsTable, EvaluationMeetingInviteesTable, EvaluationMeetingSurveysTable, EvaluationMeetingsTable, GreenMessageRequestsTable, IncidentsTable, PlanningJobsTable, PushSubscriptionsTable, ReportAnswersTable, ReportsTable, SightingsTable, ZoneAlertSettingsTable } from './schema-alerts.ts';

/** The tables as the repositories see them. Times are epoch milliseconds. */
export type DatabaseSchema = {
  /** Every file the platform keeps, by key (src/modules/blobs/, migration 0017). */
  blobs: { key: string; content_type: string; size: number; sha256: string; data: Uint8Array; created_at: number };
  /** Secrets generated once for the whole installation: every node reads the same (src/config/installation-secrets.ts). */
  installation_secrets: { name: string; value: string; created_at: number };
  alert_short_links: AlertShortLinksTable;
  planning_jobs: PlanningJobsTable;
  /** Households: the other people a call or SMS to a shared number speaks for. */
  delivery_household: { delivery_id: string; alert_id: string; person_id: string };
  zones: ZonesTable;
  dispatch_centres: DispatchCentresTable;
  dispatch_centre_zones: { dispatch_centre_id: string; zone_id: string };
  accounts: AccountsTable;
  recovery_codes: { id: string; account_id: string; code_hash: string; used_at: number | null; created_at: number };
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  rate_limits: { key: string; window_start: number; count: number };
  deferred_jobs: { id: string; kind: string; payload: string; created_at: number; due_at: number; attempts: Generated<number>; lease_owner: string | null; lease_until: number | null };
  auth_failures: { id: string; key: string; at: number };
  one_time_tokens: { id: string; purpose: string; account_id: string | null; expires_at: number; used_at: number | null; created_at: number };
  audit_log: AuditLogTable;
  /** One row (id 1): the newest seq and hash of the audit chain. */
  audit_head: { id: number; seq: number; hash: string };
  addresses: AddressesTable;
  address_imports: AddressImportsTable;
  networks: NetworksTable;
  network_status_changes: NetworkStatusChangesTable;
  network_people: { network_id: string; account_id: string; role: string; created_at: number };
  network_areas: NetworkAreasTable;
  network_streets: NetworkStreetsTable;
  /** Which addresses a network covers; source: area | street | buffer. */
  network_addresses: { network_id: string; address_id: string; source: string; assigned_at: number };
  network_area_changes: NetworkAreaChangesTable;
  people: PeopleTable;
  person_addresses: PersonAddressesTable;
  contact_points: ContactPointsTable;
  memberships: MembershipsTable;
  membership_changes: MembershipChangesTable;
  member_tokens: MemberTokensTable;
  member_sessions: { id: string; person_id: string; created_at: number; last_seen_at: number; expires_at: number };
  privacy_texts: { version: number; locale: string; body: string; published_at: number };
  member_imports: MemberImportsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  alert_texts: { alert_id: string; locale: string; subject: string; short_text: string; full_text: string };
  /** Each person once per alert; the acknowledgement lives here. */
  alert_audience: { alert_id: string; person_id: string; language: string; acknowledged_at: number | null; acknowledged_via: string | null };
  /** The dispatcher's queue: one row per person × channel step (see src/modules/deliveries/). */
  deliveries: DeliveriesTable;
  incident_notes: { id: string; incident_id: string; body: string; author_id: string | null; author_name: string; created_at: number };
  /** What members saw, sent from the alert page (src/modules/alerts/sightings.*). */
  sightings: SightingsTable;
  zone_alert_settings: ZoneAlertSettingsTable;
  alert_templates: AlertTemplatesTable;
  green_message_requests: GreenMessageRequestsTable;
  /** Members' non-urgent reports and the police's answers (src/modules/reports/, migration 0011). */
  reports: ReportsTable;
  report_answers: ReportAnswersTable;
  /** "Was this message useful?": one row per alert and person (src/modules/reports/alert-ratings.*). */
  alert_ratings: AlertRatingsTable;
  /** The yearly evaluation meeting with the coordinators (src/modules/evaluation-meetings/). */
  evaluation_meetings: EvaluationMeetingsTable;
  evaluation_meeting_networks: { meeting_id: string; network_id: string };
  evaluation_meeting_invitees: EvaluationMeetingInviteesTable;
  evaluation_meeting_agenda_points: { id: string; meeting_id: string; invitee_id: string; text: string; created_at: number };
  evaluation_meeting_surveys: EvaluationMeetingSurveysTable;
  /** Web push subscriptions, one per device of a member (src/modules/push/, migration 0013). */
  push_subscriptions: PushSubscriptionsTable;
  /** Police phone login number and PIN for the dial-in line (src/modules/dial-in/, migration 0014). */
  dial_in_pins: DialInPinsTable;
  /** Per zone, the caller numbers (E.164) allowed to dial in; none: any caller. */
  dial_in_allowed_callers: { zone_id: string; number: string; created_at: number };
  /** Integrations: API clients with hashed bearer tokens (src/modules/api-clients/, migration 0018). */
  api_clients: ApiClientsTable;
  api_idempotency_keys: { client_id: string; key: string; body_hash: string; alert_id: string; created_at: number };
};

export type ApiClientsTable = {
  id: string;
  zone_id: string | null;
  dispatch_centre_id: string | null;
  name: string;
  scopes: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_expires_at: number | null;
  rate_limit_per_minute: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  last_used_ip: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
};

export type ZonesTable = {
  id: string;
  code: string;
  name: string;
  /** JSON array of locale codes. */
  languages: string;
  default_language: string;
  time_zone: string;
  created_at: number;
  updated_at: number;
};

export type DispatchCentresTable = { id: string; code: string; name: string; created_at: number; updated_at: number };

export type AccountsTable = {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: number | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  disabled_at: number | null;
  failed_sign_ins: Generated<number>;
  locked_until: number | null;
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
};

export type RoleGrantsTable = {
  id: string;
  account_id: string;
  role: string;
  zone_id: string | null;
  dispatch_centre_id: string | null;
  network_id: string | null;
  granted_by: string | null;
  created_at: number;
};

export type SessionsTable = {
  id: string;
  account_id: string;
  stage: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
};

export type AuditLogTable = {
  seq: number;
  at: number;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  zone_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};

/** A BeSt-Address address; lat/lon are WGS84 degrees (see src/modules/geography/). */
export type AddressesTable = {
  id: string;
  best_id: string;
  street_nl: string | null;
  street_fr: string | null;
  street_de: string | null;
  house_number: string;
  box: string | null;
  postcode: string;
  municipality_nl: string | null;
  municipality_fr: string | null;
  municipality_de: string | null;
  lat: number;
  lon: number;
  search_key: string;
  search_key_alt: string | null;
  status: string;
  updated_at: number;
};

export type AddressImportsTable = {
  id: string;
  file_name: string;
  file_sha256: string;
  file_size: number;
  rows_done: number;
  rows_rejected: number;
  /** running | done | failed */
  status: string;
  started_at: number;
  finished_at: number | null;
  last_error: string | null;
};

export type NetworksTable = {
  id: string;
  zone_id: string;
  code: string;
  name: string;
  kind: string;
  status: string;
  status_changed_at: number;
  description: string;
  /** ISO date (YYYY-MM-DD). */
  charter_signed_on: string | null;
  /** The stored file's name: the blob `charters/<name>`. */
  charter_file: string | null;
  charter_size: number | null;
  created_at: number;
  updated_at: number;
};

export type NetworkStatusChangesTable = { id: string; network_id: string; from_status: string | null; to_status: string; reason: string; actor_id: string | null; at: number };

/** One Polygon or MultiPolygon (GeoJSON text) with its bounding box. */
export type NetworkAreasTable = { id: string; network_id: string; geometry: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number; created_at: number };

export type NetworkStreetsTable = {
  id: string;
  network_id: string;
  street: string;
  postcode: string;
  number_from: number | null;
  number_to: number | null;
  /** all | even | odd */
  parity: string;
  /** 1 for a buffer street: attached to the network though outside its area. */
  buffer: number;
  created_at: number;
};

/** entered and left: JSON arrays of address ids. */
export type NetworkAreaChangesTable = { id: string; network_id: string; entered: string; left: string; actor_id: string | null; at: number };

/** A member (see src/modules/members/). Channels are JSON arrays; quiet hours are minutes after midnight. */
export type PeopleTable = {
  id: string;
  zone_id: string;
  first_name: string;
  last_name: string;
  language: string;
  red_channels: string;
  green_channels: string;
  quiet_from: number | null;
  quiet_until: number | null;
  pause_from: number | null;
  pause_until: number | null;
  consent_version: number | null;
  consent_at: number | null;
  /** self | import */
  source: string;
  invited_at: number | null;
  erased_at: number | null;
  created_at: number;
  updated_at: number;
};

export type PersonAddressesTable = {
  id: string;
  person_id: string;
  /** home | work */
  kind: string;
  address_id: string | null;
  street: string;
  house_number: string;
  box: string | null;
  postcode: string;
  municipality: string;
  lat: number | null;
  lon: number | null;
};

export type ContactPointsTable = {
  id: string;
  person_id: string;
  /** mobile | landline | email */
  kind: string;
  value: string;
  verified_at: number | null;
  code_hash: string | null;
  code_expires_at: number | null;
  code_attempts: Generated<number>;
  stopped_at: number | null;
  /** The member answered "STOP" to an SMS: no more SMS to this number (calls go on). */
  sms_stopped_at: number | null;
  created_at: number;
};

export type MembershipsTable = {
  id: string;
  person_id: string;
  network_id: string;
  status: string;
  reason: string | null;
  decided_by: string | null;
  notified_at: number | null;
  created_at: number;
  updated_at: number;
};

export type MembershipChangesTable = { id: string; membership_id: string; from_status: string | null; to_status: string; reason: string | null; by_kind: string; actor_id: string | null; at: number };

/** id = SHA-256 of the token sent. */
export type MemberTokensTable = { id: string; purpose: string; person_id: string; contact_point_id: string | null; expires_at: number; used_at: number | null; created_at: number };

/** A checked member list waiting to be imported (see src/modules/members/member-import.usecases.ts); rows and report are JSON. */
export type MemberImportsTable = {
  id: string;
  network_id: string;
  account_id: string | null;
  file_name: string;
  encoding: string;
  /** checked | imported */
  status: string;
  rows: string;
  report: string;
  created_at: number;
  expires_at: number;
  imported_at: number | null;
};

export type { AlertRatingsTable, AlertShortLinksTable, AlertTemplatesTable, AlertsTable, DeliveriesTable, DialInPinsTable, EvaluationMeetingInviteesTable, EvaluationMeetingSurveysTable, EvaluationMeetingsTable, GreenMessageRequestsTable, IncidentsTable, PlanningJobsTable, PushSubscriptionsTable, ReportAnswersTable, ReportsTable, SightingsTable, ZoneAlertSettingsTable } from './schema-alerts.ts';
