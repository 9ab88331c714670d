import { randomInt } from 'node:crypto';
import type { Readable } from 'node:stream';
import { IntlMessageFormat } from 'intl-messageformat';
import type { App } from '../../app.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { LOCALES, type Locale, isLocale } from '../../web/i18n/locales.ts';
import { type Actor, assertCan, can, zonesFor } from '../accounts/authorization.models.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { hashPassword, verifyPassword } from '../accounts/passwords.ts';
import { windowStart } from '../accounts/rate-limits.repository.ts';
import { countAudience, publishAlert } from '../alerts/alert-planning.usecases.ts';
import { createAlertsRepository } from '../alerts/alerts.repository.ts';
import { ALERT_FIELDS, type AlertFields, type AlertTexts, composeTexts } from '../alerts/alerts.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { dialInMessages } from './dial-in.messages.ts';
import { type DialInZone, type MemberAlert, MAX_PIN_ATTEMPTS, type Officer, PIN_LOCK_MINUTES, PIN_PATTERN, type PinCheck, type Target, type TargetSummary } from './dial-in.models.ts';
import { createDialInRepository } from './dial-in.repository.ts';
import { pcmToWav } from '../../channels/voice/wav.ts';

type DialInApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'auditLog' | 'accounts' | 'rateLimits' | 'config' | 'deliveries' | 'blobs'>;

/** How long three wrong PINs lock an account's phone access. */
export const PIN_LOCK_MS = PIN_LOCK_MINUTES * 60_000;
/** PIN tries per caller number, and per source address, in one window (any account). */
export const PIN_TRIES_PER_WINDOW = 10;
export const PIN_WINDOW_MS = 15 * 60_000;
/** A member calling back hears the alerts of this period. */
export const CALLBACK_PERIOD_MS = 24 * 3_600_000;
/** Recordings are the blobs `recordings/<id>.wav` (8 kHz mono wav); the alert row names the file. */
export function recordingKey(audioFile: string): string {
  return blobKey('recordings', audioFile);
}

const say = (locale: Locale, key: keyof (typeof dialInMessages)['nl'], values: Record<string, string> = {}) =>
  String(new IntlMessageFormat(dialInMessages[locale][key], locale).format(values));

/** One digit repeated, or a run up or down (123456, 987654): the first PINs anyone tries. */
export function isWeakPin(pin: string): boolean {
  if (new Set(pin).size === 1) return true;
  const steps = [...pin].slice(1).map((digit, i) => (Number(digit) - Number(pin[i]) + 10) % 10);
  return steps.every((step) => step === 1) || steps.every((step) => step === 9);
}

/** The actor's phone login number and lock, for the account page (never the PIN). */
export async function dialInStatus({ app, actor }: { app: DialInApp; actor: Actor }) {
  assertCan(actor, 'alerts.publish');
  const pin = await createDialInRepository({ database: app.database }).findPinByAccount(actor.accountId);
  const now = app.clock.now();
  return { loginNumber: pin?.loginNumber ?? null, lockedUntil: pin?.lockedUntil !== null && pin?.lockedUntil !== undefined && pin.lockedUntil > now ? pin.lockedUntil : null };
}

/**
 * Sets the signed-in police user's PIN (6–8 digits, argon2), giving them a login number the first
 * time. A new PIN lifts a lock. Audited without the PIN.
 * @returns the login number the caller types before the PIN
 */
export async function setDialInPin({ app, by, pin }: { app: DialInApp; by: AuditActor; pin: string }): Promise<{ loginNumber: string }> {
  const actor = by.actor;
  assertCan(actor, 'alerts.publish');
  if (!PIN_PATTERN.test(pin)) throw new ValidationError([{ field: 'pin', messageKey: 'dialIn.pin.format' }]);
  if (isWeakPin(pin)) throw new ValidationError([{ field: 'pin', messageKey: 'dialIn.pin.weak' }]);
  const repository = createDialInRepository({ database: app.database });
  const existing = await repository.findPinByAccount(actor.accountId);
  let loginNumber = existing?.loginNumber;
  while (!loginNumber) {
    const candidate = String(randomInt(100_000, 1_000_000));
    if (!(await repository.loginNumberTaken(candidate))) loginNumber = candidate;
  }
  await repository.savePin({ accountId: actor.accountId, loginNumber, pinHash: await hashPassword(pin), now: app.clock.now() });
  await app.auditLog.record(by, { action: 'dialIn.pin_set', objectType: 'account', objectId: actor.accountId, details: { replaced: existing !== undefined } });
  return { loginNumber };
}

/** The zone's caller allow-list (E.164), for the zone admin. */
export async function allowedCallers({ app, actor, zoneId }: { app: DialInApp; actor: Actor | null; zoneId: string }): Promise<string[]> {
  assertCan(actor, 'zones.update', { zoneId });
  return createDialInRepository({ database: app.database }).allowedCallers(zoneId);
}

/** Replaces the zone's caller allow-list; an empty list lets any caller with a PIN in. Audited. */
export async function saveAllowedCallers({ app, by, zoneId, numbers }: { app: DialInApp; by: AuditActor; zoneId: string; numbers: readonly string[] }): Promise<void> {
  assertCan(by.actor, 'zones.update', { zoneId });
  const unique = [...new Set(numbers)];
  await createDialInRepository({ database: app.database }).replaceAllowedCallers(zoneId, unique, app.clock.now());
  await app.auditLog.record(by, { action: 'dialIn.allowed_callers_saved', objectType: 'zone', objectId: zoneId, zoneId, details: { numbers: unique.length } });
}

/** Whole minutes left until `until`, at least 1: what the line says of a lock. */
const minutesUntil = (until: number, now: number) => Math.max(1, Math.ceil((until - now) / 60_000));

const callerLabel = (caller: string | undefined) => `phone ${caller ?? 'unknown'}`;

/**
 * Checks a login number and PIN typed on the dial-in line. Tries are limited per caller number
 * and per source address (every node counts in the same table); three wrong PINs in a row lock
 * the account's phone access for PIN_LOCK_MS. Every wrong try and lock is audited with the caller.
 * On success: the zones the officer may activate, each zone's caller allow-list applied.
 */
export async function checkDialInPin({ app, loginNumber, pin, caller, source }: { app: DialInApp; loginNumber: string; pin: string; caller: string | undefined; source: string }): Promise<PinCheck> {
  const now = app.clock.now();
  const start = windowStart(now, PIN_WINDOW_MS);
  const byCaller = await app.rateLimits.hit(`dial-in:caller:${caller ?? 'unknown'}`, start);
  const bySource = await app.rateLimits.hit(`dial-in:source:${source}`, start);
  const audit: AuditActor = { actor: null, label: callerLabel(caller), ip: source };
  if (byCaller > PIN_TRIES_PER_WINDOW || bySource > PIN_TRIES_PER_WINDOW) {
    await app.auditLog.record(audit, { action: 'dialIn.rate_limited', details: { caller: caller ?? null } });
    return { kind: 'locked', minutes: minutesUntil(start + PIN_WINDOW_MS, now) };
  }
  const repository = createDialInRepository({ database: app.database });
  const found = /^\d{1,12}$/.test(loginNumber) ? await repository.findPinByLoginNumber(loginNumber) : undefined;
  // Unknown login numbers cost the same argon2 time as known ones.
  const right = await verifyPassword(found?.pinHash, pin);
  if (found && found.lockedUntil !== null && found.lockedUntil > now) {
    await app.auditLog.record(audit, { action: 'dialIn.locked_try', objectType: 'account', objectId: found.accountId, details: { caller: caller ?? null } });
    return { kind: 'locked', minutes: minutesUntil(found.lockedUntil, now) };
  }
  if (!found || !right) {
    const { locked } = found ? await repository.recordWrongPin(found.accountId, { maxFailures: MAX_PIN_ATTEMPTS, lockUntil: now + PIN_LOCK_MS, now }) : { locked: false };
    await app.auditLog.record(audit, { action: locked ? 'dialIn.locked' : 'dialIn.pin_wrong', objectType: found ? 'account' : undefined, objectId: found?.accountId, details: { caller: caller ?? null } });
    return { kind: 'wrong', locked };
  }
  await repository.recordRightPin(found.accountId, now);
  const account = await app.accounts.findById(found.accountId);
  if (!account || account.disabledAt !== null) return { kind: 'locked', minutes: PIN_LOCK_MINUTES };
  const actor: Actor = { accountId: account.id, name: account.name, email: account.email, grants: await app.accounts.resolvedGrants(account.id) };
  const zones = (await app.zones.list(can(actor, 'alerts.publish') ? zonesFor(actor, 'alerts.publish') : [])).filter((zone) => can(actor, 'alerts.publish', { zoneId: zone.id }));
  const allowed: DialInZone[] = [];
  for (const zone of zones) {
    const list = await repository.allowedCallers(zone.id);
    if (list.length === 0 || (caller !== undefined && list.includes(caller))) allowed.push({ id: zone.id, code: zone.code });
  }
  await app.auditLog.record({ actor, label: callerLabel(caller), ip: source }, { action: 'dialIn.signed_in', objectType: 'account', objectId: account.id, details: { caller: caller ?? null, zones: allowed.length, refused: zones.length - allowed.length } });
  const officer: Officer = { accountId: account.id, language: account.locale && isLocale(account.locale) ? account.locale : app.config.locale.default, zones: allowed, zonesRefused: zones.length - allowed.length };
  return { kind: 'ok', officer };
}

/**
 * The networks an officer keyed in (codes separated by `*`, or every active network of the zone)
 * and what the line reads back before "1 = send": their names and the people each channel reaches
 * (the composer's live count, first steps of a red alert). The first code that is no active
 * network's is returned instead, to be read back; '' when the zone has no active network.
 */
export async function findNetworks({ app, accountId, zoneId, codes }: { app: DialInApp; accountId: string; zoneId: string; codes: string[] | 'all' }): Promise<{ networkIds: string[]; summary: TargetSummary } | { unknownCode: string }> {
  const active = await app.networks.listByZone(zoneId, { status: 'active' });
  const chosen: typeof active = [];
  for (const code of codes === 'all' ? [] : codes) {
    const network = active.find((candidate) => candidate.code === code);
    if (!network) return { unknownCode: code };
    if (!chosen.includes(network)) chosen.push(network);
  }
  const networks = codes === 'all' ? active : chosen;
  if (networks.length === 0) return { unknownCode: '' };
  const account = await app.accounts.findById(accountId);
  if (!account) throw new AppError({ code: 'dial_in.account_not_found', kind: 'not_found' });
  const actor: Actor = { accountId: account.id, name: account.name, email: account.email, grants: await app.accounts.resolvedGrants(account.id) };
  const networkIds = networks.map((network) => network.id);
  const count = await countAudience({ app, actor, zoneId, target: { kind: 'networks', networkIds }, severity: 'red' });
  return { networkIds, summary: { names: networks.map((network) => network.name).join(', '), people: count.people, calls: count.channels.voice, sms: count.channels.sms, push: count.channels.push } };
}

/** The texts of a spoken alert in every language: who spoke it, and how to listen to it. */
function spokenTexts(caller: string, centralNumber: string | undefined): { fields: AlertFields; texts: Record<Locale, AlertTexts> } {
  const empty = Object.fromEntries(ALERT_FIELDS.map((name) => [name, ''])) as AlertFields;
  const texts = {} as Record<Locale, AlertTexts>;
  for (const locale of LOCALES) {
    const what = say(locale, 'dialIn.alert.what', { caller });
    const listen = centralNumber ? say(locale, 'dialIn.alert.listen', { number: centralNumber }) : say(locale, 'dialIn.alert.listenNoNumber');
    const composed = composeTexts(locale, { fields: { ...empty, what }, severity: 'red', kind: 'initial', exercise: false });
    texts[locale] = { subject: composed.subject, shortText: `${what}. ${listen}`, fullText: `${what}.\n\n${listen}` };
  }
  return { fields: { ...empty, what: say('nl', 'dialIn.alert.what', { caller }) }, texts };
}

/**
 * "1 send": the recording becomes a wav file in the blob store and a red alert on a new
 * incident to the chosen networks (or every active network of the zone), with texts for SMS and
 * e-mail that say how to listen to it. The checklist records the activation by phone. Audited
 * with the caller ID.
 */
export async function sendSpokenAlert({ app, accountId, target, pcm, caller, callId }: { app: DialInApp; accountId: string; target: Target; pcm: Int16Array; caller: string | undefined; callId: string }) {
  const account = await app.accounts.findById(accountId);
  if (!account) throw new AppError({ code: 'dial_in.account_not_found', kind: 'not_found' });
  const actor: Actor = { accountId: account.id, name: account.name, email: account.email, grants: await app.accounts.resolvedGrants(account.id) };
  const by: AuditActor = { actor, label: callerLabel(caller) };
  const networkIds = target.networkIds === 'all' ? await createDialInRepository({ database: app.database }).activeNetworkIds(target.zoneId) : target.networkIds;
  const audioFile = `${app.ids.id()}.wav`;
  await app.blobs.put({ key: recordingKey(audioFile), data: pcmToWav(pcm), contentType: 'audio/wav', now: app.clock.now() });
  const { fields, texts } = spokenTexts(caller ?? '?', app.config.ivr.centralNumber ?? app.config.voice.sipCallerId);
  const result = await publishAlert({
    app,
    by,
    target: { kind: 'networks', networkIds },
    input: {
      requestKey: `dial-in.${callId}`,
      zoneId: target.zoneId,
      severity: 'red',
      exercise: false,
      fields,
      checklist: { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: false, nightReason: say('nl', 'dialIn.alert.activatedByPhone'), activatedByPhone: true },
      texts,
      audioFile,
    },
  });
  await app.auditLog.record(by, { action: 'dialIn.alert_sent', objectType: 'alert', objectId: result.alert.id, zoneId: target.zoneId, details: { caller: caller ?? null, incidentId: result.alert.incidentId, networks: networkIds.length, recordedMs: Math.round(pcm.length / 8) } });
  return result;
}

/**
 * A caller of the central number: the alerts of the last 24 hours of the members with this
 * verified number, newest first (each alert once), in the member's language; undefined when the
 * number is no member's.
 */
export async function callbackAlerts({ app, caller }: { app: DialInApp; caller: string | undefined }): Promise<{ alerts: MemberAlert[]; language: string } | undefined> {
  if (!caller) return undefined;
  const repository = createDialInRepository({ database: app.database });
  const member = await repository.isMemberNumber(caller);
  if (!member) return undefined;
  const rows = await repository.alertsForCaller(caller, app.clock.now() - CALLBACK_PERIOD_MS);
  const seen = new Set<string>();
  const alerts = rows.filter((row) => !seen.has(row.alertId) && seen.add(row.alertId)).map((row) => ({ alertId: row.alertId }));
  return { alerts, language: rows[0]?.language ?? member.language };
}

/** Key 1 on the call-back line: every person with this number acknowledges the alert (`callback`). */
export async function acknowledgeByCallback({ app, caller, alertId }: { app: DialInApp; caller: string; alertId: string }): Promise<number> {
  const rows = await createDialInRepository({ database: app.database }).alertsForCaller(caller, app.clock.now() - CALLBACK_PERIOD_MS);
  let people = 0;
  for (const row of rows.filter((candidate) => candidate.alertId === alertId)) {
    const { acknowledged } = await app.deliveries.acknowledge({ alertId, personId: row.personId, via: 'callback', now: app.clock.now() });
    if (acknowledged) people += 1;
  }
  return people;
}

/** The recording of an alert spoken by phone, for staff who may read the zone's alerts; undefined when it has none. */
export async function spokenAlertAudio({ app, actor, alertId }: { app: DialInApp; actor: Actor | null; alertId: string }): Promise<{ stream: Readable; size: number } | undefined> {
  const alert = await createAlertsRepository({ database: app.database }).findById(alertId);
  if (!alert) throw new AppError({ code: 'alerts.not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
  assertCan(actor, 'alerts.read', { zoneId: alert.zoneId });
  // Only names this module wrote.
  if (!alert.audioFile || !/^[\w-]+\.wav$/.test(alert.audioFile)) return undefined;
  const found = await app.blobs.stream(recordingKey(alert.audioFile));
  return found ? { stream: found.stream, size: found.info.size } : undefined;
}
