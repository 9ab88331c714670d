import type { Generated } from 'kysely';

/** The tables as the repositories see them. Times are epoch milliseconds. */
export type DatabaseSchema = {
  zones: ZonesTable;
  dispatch_centres: DispatchCentresTable;
  dispatch_centre_zones: { dispatch_centre_id: string; zone_id: string };
  accounts: AccountsTable;
  recovery_codes: { id: string; account_id: string; code_hash: string; used_at: number | null; created_at: number };
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  rate_limits: { key: string; window_start: number; count: number };
  one_time_tokens: { id: string; purpose: string; account_id: string | null; expires_at: number; used_at: number | null; created_at: number };
  audit_log: AuditLogTable;
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
