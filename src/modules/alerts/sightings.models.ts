/** What a member may write about what they saw (the form says so too). */
export const SIGHTING_TEXT_MAX = 1000;

/**
 * Sightings one member may send per alert. Enough for "they went left, now a second car", few
 * enough that a stuck button or a prank cannot bury the police's view of the incident.
 */
export const SIGHTINGS_PER_MEMBER = 10;

/** How many sightings the live view of an alert shows, newest first. */
export const LIVE_SIGHTINGS = 20;

/** Why the alert page takes no sighting: the incident is over, or the message was withdrawn. */
export type SightingsClosed = 'incident_closed' | 'alert_cancelled';

type IncidentState = { status: string; closedAt: number | null };
type AlertState = { kind: string; status: string };

/**
 * An incident takes sightings until it is closed or its result message went out (a cancelled
 * result does not count); a withdrawn alert takes none.
 */
export function sightingsClosedReason(incident: IncidentState, alertsOfIncident: readonly AlertState[], alert: AlertState): SightingsClosed | null {
  if (incident.status !== 'open' || incident.closedAt !== null) return 'incident_closed';
  if (alertsOfIncident.some((a) => a.kind === 'result' && a.status !== 'cancelled')) return 'incident_closed';
  if (alert.status === 'cancelled') return 'alert_cancelled';
  return null;
}

/** The file a stored photo gets: the sighting's id and the extension of its real type. */
export function photoFileName(sightingId: string, type: 'image/jpeg' | 'image/png'): string {
  return `${sightingId}.${type === 'image/png' ? 'png' : 'jpg'}`;
}

/** Stored photo names are ours; anything else in the folder (or a path) is not served. */
export function isPhotoFileName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}\.(jpg|png)$/.test(name);
}
