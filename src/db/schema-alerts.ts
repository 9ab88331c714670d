import type { Generated } from 'kysely';

/** The tables of alerts and what follows them: deliveries, sightings, settings, reports, meetings, push, the dial-in line. Part of DatabaseSchema (schema.ts). */
export type IncidentsTable = {
  id: string;
  zone_id: string;
  title: string;
  status: string;
  exercise: Generated<number>;
  created_by: string | null;
  created_at: number;
  closed_at: number | null;
};

export type AlertsTable = {
  id: string;
  incident_id: string;
  zone_id: string;
  kind: string;
  severity: string;
  status: string;
  exercise: Generated<number>;
  /** JSON: the composer's structured fields. */
  fields: string;
  /** JSON: the red-alert activation checklist. */
  checklist: string | null;
  /** JSON: network ids or a drawn circle/polygon. */
  target: string;
  audio_file: string | null;
  request_key: string;
  created_by: string | null;
  created_at: number;
  send_at: number;
  sent_at: number | null;
  cancelled_at: number | null;
};

export type DeliveriesTable = {
  id: string;
  alert_id: string;
  person_id: string;
  /** voice | sms | email | push */
  channel: string;
  contact_point_id: string | null;
  destination: string;
  language: string;
  step: number;
  /** A DeliveryStatus; changed only through the guard in deliveries.models.ts. */
  status: string;
  attempts: Generated<number>;
  due_at: number;
  unless_acknowledged: Generated<number>;
  lease_owner: string | null;
  lease_until: number | null;
  idempotency_key: string;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
};

export type ZoneAlertSettingsTable = {
  zone_id: string;
  /** null (no escalation) | voice | sms */
  escalation_channel: string | null;
  escalation_after_minutes: number | null;
  coordinators_may_send_green: number;
  green_needs_approval: number;
  /** Alphanumeric (at most 11) or E.164; null: WAAKZAAM_SMS_SENDER. */
  sms_sender: string | null;
  updated_at: number;
};

export type AlertTemplatesTable = { id: string; zone_id: string; name: string; severity: string; fields_json: string; created_at: number; updated_at: number };

export type GreenMessageRequestsTable = {
  id: string;
  zone_id: string;
  /** JSON array of network ids. */
  network_ids: string;
  fields_json: string;
  exercise: number;
  request_key: string;
  /** A GreenRequestStatus; changed only through the guard in green-messages.models.ts. */
  status: string;
  requested_by: string | null;
  requested_by_name: string;
  requested_at: number;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: number | null;
  reason: string | null;
  alert_id: string | null;
};

export type SightingsTable = {
  id: string;
  incident_id: string;
  alert_id: string;
  zone_id: string;
  person_id: string;
  network_id: string | null;
  text: string;
  /** File name of the blob `sightings/<name>`, metadata stripped. */
  photo_path: string | null;
  /** image/jpeg | image/png, from the file's bytes. */
  photo_type: string | null;
  photo_size: number | null;
  created_at: number;
};

export type EvaluationMeetingsTable = {
  id: string;
  zone_id: string;
  starts_at: number;
  ends_at: number;
  place: string;
  agenda: string;
  /** scheduled | cancelled */
  status: string;
  sequence: Generated<number>;
  organizer_id: string | null;
  organizer_name: string;
  organizer_email: string;
  minutes: string | null;
  decisions: string | null;
  minutes_file: string | null;
  minutes_size: number | null;
  minutes_at: number | null;
  created_at: number;
  updated_at: number;
};

export type EvaluationMeetingInviteesTable = {
  id: string;
  meeting_id: string;
  account_id: string;
  /** JSON array of network ids. */
  network_ids: string;
  response: string | null;
  responded_at: number | null;
  mailed_sequence: number | null;
  mailed_at: number | null;
  reminder_sent_at: number | null;
  created_at: number;
};

export type EvaluationMeetingSurveysTable = { invitee_id: string; meeting_id: string; usefulness: number | null; speed: number | null; clarity: number | null; improvements: string; answered_at: number };

export type ReportsTable = {
  id: string;
  zone_id: string;
  /** The reporter's network when they sent it (null: none, or the network is gone). */
  network_id: string | null;
  person_id: string;
  /** A ReportCategory (reports.models.ts). */
  category: string;
  what: string;
  /** Address or place as typed ('' when only a point was given). */
  where_text: string;
  lat: number | null;
  lon: number | null;
  /** Free text or a datetime-local value ('' when not given). */
  when_text: string;
  /** File name of the blob `reports/<name>`, metadata stripped. */
  photo_path: string | null;
  photo_type: string | null;
  photo_size: number | null;
  /** 1 when the reporter agreed that their coordinator sees it. */
  shared_with_coordinator: number;
  /** A ReportStatus; changed only through the guard in reports.models.ts. */
  status: string;
  created_at: number;
  updated_at: number;
  in_progress_at: number | null;
  closed_at: number | null;
};

export type ReportAnswersTable = { id: string; report_id: string; text: string; author_id: string | null; author_name: string; locale: string; emailed_to: number; created_at: number };

export type AlertRatingsTable = { alert_id: string; person_id: string; zone_id: string; useful: number; comment: string | null; created_at: number; updated_at: number };

export type PushSubscriptionsTable = { id: string; person_id: string; endpoint: string; p256dh: string; auth: string; user_agent: string; created_at: number; last_success_at: number | null };

export type DialInPinsTable = { account_id: string; login_number: string; pin_hash: string; failed_attempts: Generated<number>; locked_until: number | null; created_at: number; updated_at: number };

export type AlertShortLinksTable = { code: string; alert_id: string; person_id: string; created_at: number };

/** One alert's planning in the background (src/modules/alerts/planning-jobs.repository.ts). */
export type PlanningJobsTable = {
  alert_id: string;
  status: string;
  phase: string;
  cursor: string | null;
  escalation: string | null;
  audience_of: string | null;
  candidates: number | null;
  planned_people: number;
  planned_steps: number;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  finished_at: number | null;
};
