import { z } from 'zod';
import { parsePhoneNumber } from '../contacts/phone-numbers.models.ts';
import { channelProblems, parseTimeOfDay } from './member-preferences.models.ts';
import { type ContactKind, GREEN_CHANNELS, type GreenChannel, RED_CHANNELS, type RedChannel } from './members.models.ts';

/**
 * Field rules shared by the registration form and the member's own pages. Each reads raw form
 * strings, reports problems as issues whose messages are catalogue keys, and returns clean values.
 */

type Ctx = z.core.$RefinementCtx<unknown>;

export const MAX_CONTACTS_PER_KIND = 3;

/** A form's checkbox group arrives as a string (one ticked) or an array (several). */
export const checkboxList = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().trim().max(max));

export const personName = z.string().trim().min(1).max(100);

export type AddressInput = { street: string; houseNumber: string; box: string | null; postcode: string; municipality: string };

/** The raw address fields under a prefix, with their lengths checked (the rest is read by readAddress). */
export function addressFields<P extends string>(prefix: P) {
  return {
    [`${prefix}Street`]: text(120),
    [`${prefix}Number`]: text(12),
    [`${prefix}Box`]: text(12),
    [`${prefix}Postcode`]: text(10),
    [`${prefix}Municipality`]: text(80),
  } as Record<`${P}${'Street' | 'Number' | 'Box' | 'Postcode' | 'Municipality'}`, ReturnType<typeof text>>;
}

/** Reads street, number, box, postcode and municipality under a prefix ("home" → homeStreet, ...); null when all are empty and `required` is false. */
export function readAddress(raw: Record<string, string>, prefix: string, ctx: Ctx, required: boolean): AddressInput | null {
  const field = (name: string) => `${prefix}${name}`;
  const value = (name: string) => (raw[field(name)] ?? '').trim();
  const parts = { street: value('Street'), houseNumber: value('Number'), box: value('Box'), postcode: value('Postcode'), municipality: value('Municipality') };
  if (!required && Object.values(parts).every((p) => p === '')) return null;
  let ok = true;
  for (const [name, v] of [['Street', parts.street], ['Number', parts.houseNumber], ['Postcode', parts.postcode], ['Municipality', parts.municipality]] as const) {
    if (v === '') {
      ctx.addIssue({ code: 'custom', message: 'form.required', path: [field(name)] });
      ok = false;
    }
  }
  if (parts.postcode !== '' && !/^\d{4}$/.test(parts.postcode)) {
    ctx.addIssue({ code: 'custom', message: 'geography.postcodeInvalid', path: [field('Postcode')] });
    ok = false;
  }
  return ok ? { ...parts, box: parts.box === '' ? null : parts.box } : null;
}

/** An e-mail address as stored: trimmed and lower case; undefined (with an issue) when not one. */
export function readEmail(value: string, field: string, ctx: Ctx): string | undefined {
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !z.email().safeParse(email).success) {
    ctx.addIssue({ code: 'custom', message: 'form.invalidEmail', path: [field] });
    return undefined;
  }
  return email;
}

/** A phone number typed in a field for `expected` (mobile or landline): E.164, or an issue with the reason. */
export function readPhone(value: string, expected: 'mobile' | 'landline' | 'any', field: string, ctx: Ctx): { kind: 'mobile' | 'landline'; value: string } | undefined {
  const parsed = parsePhoneNumber(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.errorKey, path: [field] });
    return undefined;
  }
  if (expected !== 'any' && parsed.kind !== expected) {
    ctx.addIssue({ code: 'custom', message: expected === 'mobile' ? 'members.phone.notMobile' : 'members.phone.notLandline', path: [field] });
    return undefined;
  }
  return { kind: parsed.kind, value: parsed.e164 };
}

/** Up to three of each kind from fields mobile1..3, landline1..3, email1..3; the same value twice counts once. */
export function readContacts(raw: Record<string, string>, ctx: Ctx): Array<{ kind: ContactKind; value: string }> {
  const contacts: Array<{ kind: ContactKind; value: string }> = [];
  for (const kind of ['mobile', 'landline', 'email'] as const) {
    for (let i = 1; i <= MAX_CONTACTS_PER_KIND; i++) {
      const field = `${kind}${i}`;
      const value = (raw[field] ?? '').trim();
      if (value === '') continue;
      const contact = kind === 'email' ? { kind, value: readEmail(value, field, ctx) } : readPhone(value, kind, field, ctx);
      if (contact?.value && !contacts.some((c) => c.kind === contact.kind && c.value === contact.value)) contacts.push({ kind: contact.kind, value: contact.value });
    }
  }
  return contacts;
}

export const channelFields = {
  red: checkboxList(z.enum(RED_CHANNELS)),
  green: checkboxList(z.enum(GREEN_CHANNELS)),
  quietFrom: text(5),
  quietUntil: text(5),
  pauseFrom: text(10),
  pauseUntil: text(10),
};

export type Preferences = { red: RedChannel[]; green: GreenChannel[]; quietFrom: number | null; quietUntil: number | null; pauseFrom: string | null; pauseUntil: string | null };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/**
 * Channels (at least one for red messages; each must have a fitting contact point among `kinds`),
 * quiet hours for green messages (both times or none) and a holiday pause (both days or none, the
 * last not before the first).
 */
export function readPreferences(raw: { red: RedChannel[]; green: GreenChannel[]; quietFrom: string; quietUntil: string; pauseFrom: string; pauseUntil: string }, kinds: ReadonlySet<ContactKind>, ctx: Ctx): Preferences {
  if (raw.red.length === 0) ctx.addIssue({ code: 'custom', message: 'members.redRequired', path: ['red'] });
  for (const problem of channelProblems(raw, kinds)) ctx.addIssue({ code: 'custom', message: problem.messageKey, path: [problem.field] });
  let quietFrom: number | null = null;
  let quietUntil: number | null = null;
  if (raw.quietFrom !== '' || raw.quietUntil !== '') {
    quietFrom = parseTimeOfDay(raw.quietFrom) ?? null;
    quietUntil = parseTimeOfDay(raw.quietUntil) ?? null;
    if (quietFrom === null) ctx.addIssue({ code: 'custom', message: 'members.timeInvalid', path: ['quietFrom'] });
    if (quietUntil === null) ctx.addIssue({ code: 'custom', message: 'members.timeInvalid', path: ['quietUntil'] });
  }
  let pauseFrom: string | null = null;
  let pauseUntil: string | null = null;
  if (raw.pauseFrom !== '' || raw.pauseUntil !== '') {
    pauseFrom = isRealDate(raw.pauseFrom) ? raw.pauseFrom : null;
    pauseUntil = isRealDate(raw.pauseUntil) ? raw.pauseUntil : null;
    if (pauseFrom === null) ctx.addIssue({ code: 'custom', message: 'members.dateInvalid', path: ['pauseFrom'] });
    if (pauseUntil === null) ctx.addIssue({ code: 'custom', message: 'members.dateInvalid', path: ['pauseUntil'] });
    if (pauseFrom && pauseUntil && pauseUntil < pauseFrom) ctx.addIssue({ code: 'custom', message: 'members.pauseOrder', path: ['pauseUntil'] });
  }
  return { red: raw.red, green: raw.green, quietFrom, quietUntil, pauseFrom, pauseUntil };
}

/** A calendar day typed in a date field. */
export const isoDate = z.string().trim().refine(isRealDate, 'members.dateInvalid');
