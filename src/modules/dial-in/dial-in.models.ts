/**
 * The dial-in line as a pure state machine: what the caller hears and what the line does next,
 * for each key entry or lookup result. The SIP runner (dial-in.ivr.ts) performs the actions and
 * feeds the results back; nothing here touches a socket, a clock or the database.
 *
 * Police: `*` (at any moment of the greeting) → login number `#` → PIN `#` → (several zones: zone
 * code `#`) → network code `#`, or `#` alone for every network of the zone → record after the tone,
 * `#` ends → playback → 1 send, 2 record again, 3 cancel.
 * Members: the caller ID matches a verified number → their alerts of the last 24 h, newest first,
 * 1 acknowledges; anyone else hears where to call in an emergency.
 *
 * The PIN alone does not say whose it is: a login number is typed first. A PIN unique per zone
 * would let any 6-digit guess match some officer (the odds grow with the staff), and refusing a
 * PIN "already taken" would tell its setter someone else's PIN.
 */

/** Wrong PINs in one call before the line hangs up (the account is locked after as many in a row). */
export const MAX_PIN_ATTEMPTS = 3;
/** How long three wrong PINs in a row lock an account's phone access. */
export const PIN_LOCK_MINUTES = 15;
/** Wrong entries of a zone or network code before the line gives up. */
export const MAX_CODE_ATTEMPTS = 3;
/** A recording shorter than this is taken for an accidental `#`. */
export const MIN_RECORDING_MS = 1000;
export const MAX_RECORDING_MS = 120_000;
export const PIN_PATTERN = /^\d{6,8}$/;

export const POLICE_KEY = '*';
export const SEND_KEY = '1';
export const RECORD_AGAIN_KEY = '2';
export const CANCEL_KEY = '3';
export const ACKNOWLEDGE_KEY = '1';

/** Every prompt the line says; the texts are in dial-in.messages.ts (`dialIn.prompt.<name>`). */
export const PROMPTS = [
  'welcome', 'general', 'loginNumber', 'pin', 'pinWrong', 'locked', 'notAllowed', 'zone', 'zoneWrong',
  'network', 'networkWrong', 'noNetworks', 'readBack', 'record', 'tooShort', 'review', 'sent', 'cancelled', 'memberIntro',
  'memberNone', 'memberAlert', 'memberConfirm', 'memberThanks', 'sendFailed', 'goodbye',
] as const;
export type Prompt = (typeof PROMPTS)[number];

/** A zone the identified officer may activate from this phone (the allow-list already applied). */
export type DialInZone = { id: string; code: string };
export type Officer = { accountId: string; language: string; zones: DialInZone[]; zonesRefused: number };
export type Target = { zoneId: string; networkIds: string[] | 'all' };
/** What the line reads back before "1 = send": the networks' names and the people each channel reaches. */
export type TargetSummary = { names: string; people: number; calls: number; sms: number; push: number };
export type MemberAlert = { alertId: string };

export type DialInState =
  | { step: 'greeting' }
  | { step: 'loginNumber'; attempts: number }
  | { step: 'pin'; loginNumber: string; attempts: number }
  | { step: 'checkingPin'; loginNumber: string; attempts: number }
  | { step: 'zone'; officer: Officer; attempts: number }
  | { step: 'network'; officer: Officer; zone: DialInZone; attempts: number }
  | { step: 'recording'; officer: Officer; target: Target; summary?: TargetSummary }
  | { step: 'review'; officer: Officer; target: Target; summary?: TargetSummary; recordedMs: number }
  | { step: 'sending'; officer: Officer; target: Target }
  | { step: 'memberAlerts'; alerts: MemberAlert[]; index: number }
  | { step: 'ended'; outcome: DialInOutcome };

export type DialInOutcome = 'sent' | 'send_failed' | 'cancelled' | 'locked' | 'not_allowed' | 'wrong_code' | 'general' | 'member_heard' | 'hung_up';

export type PinCheck =
  | { kind: 'ok'; officer: Officer }
  | { kind: 'wrong'; locked: boolean }
  /** The account or the caller was locked out before this try (lock, rate limit), for about `minutes` more. */
  | { kind: 'locked'; minutes: number };

export type DialInEvent =
  /** The call was answered; `memberAlerts` is undefined when the caller is no member. */
  | { type: 'answered'; memberAlerts: MemberAlert[] | undefined }
  /** Digits typed and ended by `#` ('' for `#` alone). */
  | { type: 'entry'; digits: string }
  /** One key where the line expects a choice (`*` on the greeting, 1/2/3 on review, 1 on an alert). */
  | { type: 'key'; key: string }
  | { type: 'pinChecked'; result: PinCheck }
  /** The codes looked up: every network found, or the first code that is no active network's. */
  | { type: 'networksFound'; found: { networkIds: string[]; summary: TargetSummary } | { unknownCode: string } }
  | { type: 'recorded'; ms: number }
  /** The prompt, alert or greeting being played ended without a key. */
  | { type: 'played' }
  | { type: 'sent' }
  | { type: 'sendFailed' }
  | { type: 'hungUp' };

export type DialInAction =
  | { do: 'say'; prompt: Prompt; values?: Record<string, string> }
  /** Switches the prompts to the officer's language. */
  | { do: 'language'; language: string }
  | { do: 'checkPin'; loginNumber: string; pin: string }
  /** Network codes typed (separated by `*`), or every active network of the zone. */
  | { do: 'findNetworks'; zoneId: string; codes: string[] | 'all' }
  /** Drops keys typed ahead: after an error they belong to the attempt that failed. */
  | { do: 'clearKeys' }
  | { do: 'tone' }
  | { do: 'record'; maxMs: number }
  | { do: 'playRecording' }
  | { do: 'send'; target: Target; accountId: string }
  | { do: 'playAlert'; alertId: string }
  | { do: 'acknowledge'; alertId: string }
  | { do: 'hangup' };

export type Transition = { state: DialInState; actions: DialInAction[] };

const end = (outcome: DialInOutcome, ...actions: DialInAction[]): Transition => ({ state: { step: 'ended', outcome }, actions: [...actions, { do: 'hangup' }] });
const say = (prompt: Prompt, values?: Record<string, string>): DialInAction => (values ? { do: 'say', prompt, values } : { do: 'say', prompt });

/** An entry without its `*` keys (they only separate network codes). */
const digitsOnly = (entry: string) => entry.replace(/\*/g, '');

export const INITIAL_STATE: DialInState = { step: 'greeting' };

function startRecording(officer: Officer, target: Target, summary?: TargetSummary): Transition {
  return { state: { step: 'recording', officer, target, ...(summary ? { summary } : {}) }, actions: [say('record'), { do: 'tone' }, { do: 'record', maxMs: MAX_RECORDING_MS }] };
}

/** Digits spoken one by one ("1 2 3"), as a code is read back. */
const spaced = (code: string) => [...code].join(' ');

const readBack = (summary: TargetSummary | undefined): DialInAction[] =>
  summary ? [say('readBack', { names: summary.names, people: String(summary.people), calls: String(summary.calls), sms: String(summary.sms), push: String(summary.push) })] : [];

const locked = (minutes: number) => end('locked', say('locked', { minutes: String(minutes) }));

function afterZone(officer: Officer, zone: DialInZone): Transition {
  return { state: { step: 'network', officer, zone, attempts: 0 }, actions: [say('network')] };
}

function memberAlert(alerts: MemberAlert[], index: number): Transition {
  const alert = alerts[index];
  if (!alert) return end('member_heard', say('goodbye'));
  return { state: { step: 'memberAlerts', alerts, index }, actions: [say('memberAlert', { number: String(index + 1) }), { do: 'playAlert', alertId: alert.alertId }, say('memberConfirm')] };
}

/** The one transition function of the line: (state, event) → next state and what to do. */
export function dialInTransition(state: DialInState, event: DialInEvent): Transition {
  if (event.type === 'hungUp') return { state: { step: 'ended', outcome: state.step === 'ended' ? state.outcome : 'hung_up' }, actions: [] };
  switch (state.step) {
    case 'greeting':
      if (event.type === 'answered') {
        if (event.memberAlerts === undefined) return { state, actions: [say('welcome'), say('general')] };
        if (event.memberAlerts.length === 0) return { state, actions: [say('welcome'), say('memberNone')] };
        return { ...memberAlert(event.memberAlerts, 0), actions: [say('welcome'), say('memberIntro'), ...memberAlert(event.memberAlerts, 0).actions] };
      }
      if (event.type === 'key' && event.key === POLICE_KEY) return { state: { step: 'loginNumber', attempts: 0 }, actions: [say('loginNumber')] };
      if (event.type === 'played') return end('general', say('goodbye'));
      return { state, actions: [] };
    case 'memberAlerts':
      if (event.type === 'key' && event.key === POLICE_KEY) return { state: { step: 'loginNumber', attempts: 0 }, actions: [say('loginNumber')] };
      if (event.type === 'key' && event.key === ACKNOWLEDGE_KEY) {
        const next = memberAlert(state.alerts, state.index + 1);
        return { state: next.state, actions: [{ do: 'acknowledge', alertId: state.alerts[state.index]!.alertId }, say('memberThanks'), ...next.actions] };
      }
      if (event.type === 'played') return memberAlert(state.alerts, state.index + 1);
      return { state, actions: [] };
    case 'loginNumber': {
      if (event.type !== 'entry') return { state, actions: [] };
      const loginNumber = digitsOnly(event.digits);
      if (loginNumber === '') return { state, actions: [say('loginNumber')] };
      return { state: { step: 'pin', loginNumber, attempts: state.attempts }, actions: [say('pin')] };
    }
    case 'pin':
      if (event.type !== 'entry') return { state, actions: [] };
      return { state: { step: 'checkingPin', loginNumber: state.loginNumber, attempts: state.attempts }, actions: [{ do: 'checkPin', loginNumber: state.loginNumber, pin: digitsOnly(event.digits) }] };
    case 'checkingPin': {
      if (event.type !== 'pinChecked') return { state, actions: [] };
      const result = event.result;
      if (result.kind === 'locked') return locked(result.minutes);
      if (result.kind === 'wrong') {
        const attempts = state.attempts + 1;
        // An unknown login number ends the same way as a known one: the caller learns nothing of which was wrong.
        if (result.locked || attempts >= MAX_PIN_ATTEMPTS) return locked(PIN_LOCK_MINUTES);
        // The login number may be the mistake as well: both are asked again.
        return { state: { step: 'loginNumber', attempts }, actions: [{ do: 'clearKeys' }, say('pinWrong'), say('loginNumber')] };
      }
      const officer = result.officer;
      const switchLanguage: DialInAction = { do: 'language', language: officer.language };
      if (officer.zones.length === 0) return end('not_allowed', switchLanguage, say('notAllowed'));
      if (officer.zones.length === 1) {
        const next = afterZone(officer, officer.zones[0]!);
        return { state: next.state, actions: [switchLanguage, ...next.actions] };
      }
      return { state: { step: 'zone', officer, attempts: 0 }, actions: [switchLanguage, say('zone')] };
    }
    case 'zone': {
      if (event.type !== 'entry') return { state, actions: [] };
      const code = digitsOnly(event.digits);
      const zone = state.officer.zones.find((candidate) => candidate.code.toLowerCase() === code.toLowerCase());
      if (zone) return afterZone(state.officer, zone);
      const attempts = state.attempts + 1;
      if (attempts >= MAX_CODE_ATTEMPTS) return end('wrong_code', say('goodbye'));
      return { state: { ...state, attempts }, actions: [{ do: 'clearKeys' }, say('zoneWrong'), say('zone')] };
    }
    case 'network':
      if (event.type === 'entry') {
        // `#` alone: every network of the zone; several codes are separated by `*`.
        const codes = event.digits.split('*').filter((code) => code !== '');
        return { state, actions: [{ do: 'findNetworks', zoneId: state.zone.id, codes: codes.length === 0 ? 'all' : codes }] };
      }
      if (event.type === 'networksFound') {
        const found = event.found;
        if ('networkIds' in found) return startRecording(state.officer, { zoneId: state.zone.id, networkIds: found.networkIds }, found.summary);
        const attempts = state.attempts + 1;
        if (attempts >= MAX_CODE_ATTEMPTS) return end('wrong_code', say('goodbye'));
        const wrong = found.unknownCode === '' ? say('noNetworks') : say('networkWrong', { code: spaced(found.unknownCode) });
        return { state: { ...state, attempts }, actions: [{ do: 'clearKeys' }, wrong, say('network')] };
      }
      return { state, actions: [] };
    case 'recording':
      if (event.type !== 'recorded') return { state, actions: [] };
      if (event.ms < MIN_RECORDING_MS) return { state, actions: [say('tooShort'), { do: 'tone' }, { do: 'record', maxMs: MAX_RECORDING_MS }] };
      return { state: { ...state, step: 'review', recordedMs: event.ms }, actions: [{ do: 'playRecording' }, ...readBack(state.summary), say('review')] };
    case 'review':
      if (event.type !== 'key') return event.type === 'played' ? { state, actions: [say('review')] } : { state, actions: [] };
      if (event.key === SEND_KEY) return { state: { step: 'sending', officer: state.officer, target: state.target }, actions: [{ do: 'send', target: state.target, accountId: state.officer.accountId }] };
      if (event.key === RECORD_AGAIN_KEY) return startRecording(state.officer, state.target, state.summary);
      if (event.key === CANCEL_KEY) return end('cancelled', say('cancelled'));
      return { state, actions: [say('review')] };
    case 'sending':
      if (event.type === 'sent') return end('sent', say('sent'));
      if (event.type === 'sendFailed') return end('send_failed', say('sendFailed'));
      return { state, actions: [] };
    case 'ended':
      return { state, actions: [] };
  }
}

/** Which kind of input the line waits for in a state: a `#`-ended entry, or single keys. */
export function inputMode(state: DialInState): 'entry' | 'key' | 'none' {
  switch (state.step) {
    case 'loginNumber':
    case 'pin':
    case 'zone':
    case 'network':
      return 'entry';
    case 'greeting':
    case 'memberAlerts':
    case 'review':
      return 'key';
    default:
      return 'none';
  }
}

/** The E.164 number of a SIP From header (`"x" <sip:+3247…@host>` or `<tel:+32…>`), if it is one. */
export function callerNumber(from: string): string | undefined {
  const match = /<?(?:sips?|tel):(\+?[0-9]{6,15})[@;>]/i.exec(from) ?? /<?(?:sips?|tel):(\+?[0-9]{6,15})$/i.exec(from.trim());
  if (!match) return undefined;
  const digits = match[1]!;
  if (digits.startsWith('+')) return digits;
  // Belgian national format from a PBX (0470…) or international without plus (0032…).
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+32${digits.slice(1)}`;
  return `+${digits}`;
}
