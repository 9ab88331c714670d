import type { AreaGeometry, Ring } from '../geography/geometry.models.ts';
import type { AlertKind, AlertSeverity, AlertTexts } from '../alerts/alerts.models.ts';

/** OASIS CAP 1.2 (OASIS Standard, 1 July 2010). */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const CAP_CONTENT_TYPE = 'application/cap+xml';

/** One message of an incident as CAP needs it: enough to name it in `references`. */
export type CapReference = { identifier: string; sent: number };

export type CapArea = { description: string; polygons: Ring[]; circles: Array<{ lat: number; lon: number; radiusMetres: number }> };

export type CapMessage = {
  identifier: string;
  sender: string;
  sent: number;
  timeZone: string;
  exercise: boolean;
  kind: AlertKind;
  severity: AlertSeverity;
  /** A cancellation of this alert (msgType Cancel referring to it). */
  cancelled: boolean;
  references: readonly CapReference[];
  restriction: string;
  incident: string;
  infos: ReadonlyArray<{ language: string; texts: AlertTexts; event: string; instruction: string; web: string; senderName: string }>;
  areas: readonly CapArea[];
};

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** §3.3.2: "2002-05-24T16:49:00-07:00": the zone's local time and its offset, never "Z". */
export function capDateTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Red is an in-the-act message (Immediate, Severe, Observed); green is information (Expected,
 * Minor, Likely); a result tells what happened (Past). A BIN message is category Security.
 */
export function capClassification(severity: AlertSeverity, kind: AlertKind): { urgency: string; severity: string; certainty: string; responseType: string } {
  if (kind === 'result') return { urgency: 'Past', severity: 'Minor', certainty: 'Observed', responseType: 'AllClear' };
  return severity === 'red' ? { urgency: 'Immediate', severity: 'Severe', certainty: 'Observed', responseType: 'Monitor' } : { urgency: 'Expected', severity: 'Minor', certainty: 'Likely', responseType: 'Prepare' };
}

const coordinate = (value: number) => String(Math.round(value * 1e6) / 1e6);

/** §3.2.4 polygon: "lat,lon" pairs separated by spaces, the first pair repeated at the end. */
export function capPolygon(ring: Ring): string {
  const closed = ring.length > 0 && (ring[0]![0] !== ring[ring.length - 1]![0] || ring[0]![1] !== ring[ring.length - 1]![1]) ? [...ring, ring[0]!] : ring;
  return closed.map(([lon, lat]) => `${coordinate(lat)},${coordinate(lon)}`).join(' ');
}

/** The outer rings of a GeoJSON area (holes have no place in CAP). */
export function outerRings(geometry: AreaGeometry): Ring[] {
  return geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((polygon) => polygon[0]!);
}

const referenceOf = (message: CapMessage, reference: CapReference) => `${message.sender},${reference.identifier},${capDateTime(reference.sent, message.timeZone)}`;

/** The CAP 1.2 XML of one message. */
export function renderCap(message: CapMessage): string {
  const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
  const msgType = message.cancelled ? 'Cancel' : message.kind === 'initial' ? 'Alert' : 'Update';
  const classification = capClassification(message.severity, message.kind);
  const areas = message.areas.map(
    (area) => `<area>${element('areaDesc', area.description)}${area.polygons.map((ring) => element('polygon', capPolygon(ring))).join('')}${area.circles.map((c) => element('circle', `${coordinate(c.lat)},${coordinate(c.lon)} ${Math.round(c.radiusMetres) / 1000}`)).join('')}</area>`,
  );
  const infos = message.infos.map((info) =>
    [
      '<info>',
      element('language', info.language),
      element('category', 'Security'),
      element('event', info.event),
      element('responseType', classification.responseType),
      element('urgency', classification.urgency),
      element('severity', classification.severity),
      element('certainty', classification.certainty),
      element('senderName', info.senderName),
      element('headline', info.texts.subject.slice(0, 160)),
      element('description', info.texts.fullText),
      ...(info.instruction ? [element('instruction', info.instruction)] : []),
      element('web', info.web),
      ...areas,
      '</info>',
    ].join(''),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<alert xmlns="${CAP_NAMESPACE}">`,
    element('identifier', message.identifier),
    element('sender', message.sender),
    element('sent', capDateTime(message.sent, message.timeZone)),
    element('status', message.exercise ? 'Exercise' : 'Actual'),
    element('msgType', msgType),
    element('scope', 'Restricted'),
    element('restriction', message.restriction),
    ...(message.references.length > 0 ? [element('references', message.references.map((r) => referenceOf(message, r)).join(' '))] : []),
    element('incidents', message.incident),
    ...infos,
    '</alert>',
    '',
  ].join('\n');
}
