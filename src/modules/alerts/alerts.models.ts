import { IntlMessageFormat } from 'intl-messageformat';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../web/i18n/locales.ts';
import { alertsMessages } from './alerts.messages.ts';

/** Red: urgent, in-the-act, by phone and SMS at any hour. Green: information and feedback, by e-mail. */
export const ALERT_SEVERITIES = ['red', 'green'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** The first alert of an incident, its updates, and the result message that closes it. */
export const ALERT_KINDS = ['initial', 'update', 'result'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATUSES = ['draft', 'sending', 'sent', 'cancelled'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The one transition guard of an alert: cancelling is possible until every step went out. */
const ALERT_TRANSITIONS: Record<AlertStatus, readonly AlertStatus[]> = {
  draft: ['sending', 'cancelled'],
  sending: ['sent', 'cancelled'],
  sent: [],
  cancelled: [],
};

export function canTransitionAlert(from: AlertStatus, to: AlertStatus): boolean {
  return ALERT_TRANSITIONS[from].includes(to);
}

export function assertAlertTransition(from: AlertStatus, to: AlertStatus): void {
  if (!canTransitionAlert(from, to)) throw new AppError({ code: 'alerts.invalid_transition', kind: 'conflict', messageKey: 'alerts.invalidTransition', values: { from, to } });
}

/** The composer's structured fields: they force a useful message (see DOMAIN.md, activation rules). */
export const ALERT_FIELDS = ['what', 'where', 'when', 'persons', 'vehicle', 'direction', 'advice'] as const;
export type AlertFieldName = (typeof ALERT_FIELDS)[number];
export type AlertFields = Record<AlertFieldName, string>;

/** Voice and SMS: what one SMS segment pair and a short call can carry. */
export const SHORT_TEXT_MAX = 300;
export const FIELD_MAX = 1000;

export type AlertTexts = { subject: string; shortText: string; fullText: string };

function format(locale: Locale, key: keyof (typeof alertsMessages)['nl'], values: Record<string, string> = {}): string {
  return String(new IntlMessageFormat(alertsMessages[locale][key], locale).format(values));
}

/** The marker on every message of an exercise, so nobody takes a drill for a real alert. */
export function exerciseMarker(locale: Locale, exercise: boolean): string {
  return exercise ? `${format(locale, 'alerts.exercise')} – ` : '';
}

/**
 * Cuts a text to at most `max` characters at a word boundary, ending in "…"; never mid-word. A
 * single word longer than the limit (a pasted link) is the one case that is cut.
 */
export function truncateAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max); // leaves one character for the ellipsis below
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace > 0 ? room.slice(0, lastSpace) : room.slice(0, max - 1);
  return `${cut.replace(/[\s,.;:–-]+$/, '')}…`;
}

/**
 * The short text (voice, SMS; at most SHORT_TEXT_MAX characters) and the full text (e-mail and the
 * alert page) of one language, assembled from the fields. The sender may edit both afterwards.
 */
export function composeTexts(locale: Locale, { fields, severity, kind, exercise }: { fields: AlertFields; severity: AlertSeverity; kind: AlertKind; exercise: boolean }): AlertTexts {
  const f = Object.fromEntries(ALERT_FIELDS.map((name) => [name, fields[name].replace(/\s+/g, ' ').trim()])) as AlertFields;
  const marker = exerciseMarker(locale, exercise);
  const subject = format(locale, 'alerts.subject', { marker, severity: format(locale, `alerts.severity.${severity}`), kind: format(locale, `alerts.kind.${kind}`), what: truncateAtWord(f.what, 80) });

  const parts: string[] = [f.what.replace(/[.!]?$/, '.')];
  if (f.where || f.when) parts.push(`${[f.where, f.when].filter(Boolean).join(', ')}.`);
  if (f.persons) parts.push(format(locale, 'alerts.short.persons', { persons: f.persons }));
  if (f.vehicle) parts.push(format(locale, 'alerts.short.vehicle', { vehicle: f.vehicle }));
  if (f.direction) parts.push(format(locale, 'alerts.short.direction', { direction: f.direction }));
  if (f.advice) parts.push(f.advice);
  const call = format(locale, 'alerts.short.call');
  // The exercise marker and the call to 101 survive any truncation: the details give way.
  const room = SHORT_TEXT_MAX - marker.length - call.length - 1;
  const shortText = `${marker}${truncateAtWord(parts.join(' '), room)} ${call}`;

  const lines = [marker ? marker.replace(/ – $/, '') : undefined, f.what];
  for (const name of ['where', 'when', 'persons', 'vehicle', 'direction', 'advice'] as const) {
    if (f[name]) lines.push(`${format(locale, `alerts.field.${name}`)}: ${f[name]}`);
  }
  lines.push(format(locale, 'alerts.full.call'));
  const fullText = lines.filter((line): line is string => Boolean(line)).join('\n\n');
  return { subject, shortText, fullText };
}

/**
 * Who a message is from, as members know it: the alert's networks ("BIN Kerkstraat"), else the
 * zone's network name ("BIN PZ Zaventem"). SMS and push start with it, so that a real alert cannot
 * be taken for a scam and a scam cannot pass for one without it.
 */
export function senderName(locale: Locale, networkNames: readonly string[], zoneName: string): string {
  return networkNames.length > 0 ? networkNames.join(', ') : format(locale, 'alerts.email.sender', { zone: zoneName });
}

/** The SMS exactly as it leaves: the sender first, the short text, then the link on its own line. */
export function smsText({ sender, shortText, link }: { sender: string; shortText: string; link: string }): string {
  return `${sender}: ${shortText}\n${link}`;
}

/** The texts of every language, each member gets their own. */
export function composeAllTexts(input: Parameters<typeof composeTexts>[1]): Record<Locale, AlertTexts> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, composeTexts(locale, input)])) as Record<Locale, AlertTexts>;
}

/** Checks texts the sender edited: the short text keeps its limit, the exercise marker stays. */
export function textProblems(texts: AlertTexts, locale: Locale): FieldError[] {
  const errors: FieldError[] = [];
  if (texts.shortText.length > SHORT_TEXT_MAX) errors.push({ field: `shortText_${locale}`, messageKey: 'alerts.text.tooLong', values: { max: SHORT_TEXT_MAX, length: texts.shortText.length, language: LOCALE_NAMES[locale] } });
  if (!texts.shortText.trim() || !texts.fullText.trim()) errors.push({ field: `fullText_${locale}`, messageKey: 'alerts.text.whatRequired' });
  return errors;
}

/** Makes sure an edited text still carries the exercise marker (the length is checked after, by textProblems). */
export function withExerciseMarker(texts: AlertTexts, locale: Locale, exercise: boolean): AlertTexts {
  if (!exercise) return texts;
  const word = format(locale, 'alerts.exercise');
  const mark = (text: string) => (text.startsWith(word) ? text : `${exerciseMarker(locale, true)}${text}`);
  return { subject: mark(texts.subject), shortText: mark(texts.shortText), fullText: mark(texts.fullText) };
}

/** The red-alert activation checklist, recorded with the alert. */
export type ActivationChecklist = {
  happeningNow: boolean;
  concreteDescription: boolean;
  noDangerToResidents: boolean;
  /** In-the-act (heterdaad): the one case for which a red alert may go out at night without reason. */
  inTheAct: boolean;
  nightReason: string;
  /**
   * Spoken onto the dial-in line by an identified officer: the concrete description is in the
   * recording, which the officer heard back before pressing 1 (src/modules/dial-in/).
   */
  activatedByPhone?: boolean;
};

/** Nothing ticked: what an unanswered checklist counts as. */
export const EMPTY_CHECKLIST: ActivationChecklist = { happeningNow: false, concreteDescription: false, noDangerToResidents: false, inTheAct: false, nightReason: '' };

export const NIGHT_FROM_HOUR = 22;
export const NIGHT_UNTIL_HOUR = 7;
export const ALERT_TIME_ZONE = 'Europe/Brussels';

/** Night is 22:00–07:00 in Brussels, whatever the server's time zone. */
export function isNight(instant: number, timeZone = ALERT_TIME_ZONE): boolean {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(instant));
  return hour >= NIGHT_FROM_HOUR || hour < NIGHT_UNTIL_HOUR;
}

/**
 * The activation rules of a red alert as field errors (empty for green): facts happening now, a
 * concrete description, no danger to residents, and at night in-the-act or a written reason.
 */
export function checklistProblems(severity: AlertSeverity, checklist: ActivationChecklist, fields: AlertFields, now: number): FieldError[] {
  const errors: FieldError[] = [];
  if (!fields.what.trim()) errors.push({ field: 'what', messageKey: 'alerts.text.whatRequired' });
  if (severity === 'green') return errors;
  if (!checklist.happeningNow) errors.push({ field: 'happeningNow', messageKey: 'alerts.checklist.happeningNow' });
  const concrete = checklist.activatedByPhone === true || [fields.persons, fields.vehicle, fields.direction].some((value) => value.trim() !== '');
  if (!checklist.concreteDescription || !concrete) errors.push({ field: 'concreteDescription', messageKey: 'alerts.checklist.concreteDescription' });
  if (!checklist.noDangerToResidents) errors.push({ field: 'noDangerToResidents', messageKey: 'alerts.checklist.noDanger' });
  if (isNight(now) && !checklist.inTheAct && checklist.nightReason.trim() === '') errors.push({ field: 'nightReason', messageKey: 'alerts.checklist.nightReason' });
  return errors;
}
