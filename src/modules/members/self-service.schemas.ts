import { z } from 'zod';
import { LOCALES } from '../../web/i18n/locales.ts';
import { type AddressInput, type Preferences, addressFields, channelFields, isoDate, personName, readAddress, readEmail, readPhone, readPreferences, text } from './member-fields.schemas.ts';
import type { ContactKind } from './members.models.ts';

/** Name and language. */
export const profileSchema = z.object({ firstName: personName, lastName: personName, language: z.enum(LOCALES) });
export type ProfileInput = z.output<typeof profileSchema>;

/** One address (fields addressStreet, addressNumber, ...). */
export const addressSchema = z.object(addressFields('address')).transform((raw, ctx): AddressInput => readAddress(raw, 'address', ctx, true)!);

/** A new contact point: a phone number (mobile or landline, told apart by the number) or an e-mail address. */
export const newContactSchema = z.object({ value: text(254) }).transform((raw, ctx): { kind: ContactKind; value: string } => {
  if (raw.value === '') {
    ctx.addIssue({ code: 'custom', message: 'form.required', path: ['value'] });
    return z.NEVER;
  }
  if (raw.value.includes('@')) return { kind: 'email', value: readEmail(raw.value, 'value', ctx) ?? '' };
  const phone = readPhone(raw.value, 'any', 'value', ctx);
  return phone ?? { kind: 'mobile', value: '' };
});

/** Channels, quiet hours and holiday pause, judged against the kinds of contact point the person has. */
export function preferencesSchemaFor(kinds: ReadonlySet<ContactKind>) {
  return z.object(channelFields).transform((raw, ctx): Preferences => readPreferences(raw, kinds, ctx));
}

/** "Pause green messages until": a day from today on. */
export const pauseSchema = z.object({ until: isoDate });

/** Leaving a network, with an optional reason kept for the annual evaluation. */
export const leaveSchema = z.object({ reason: text(500) });

/** Erasure needs the box ticked. */
export const eraseSchema = z.object({ confirm: z.literal('yes', 'members.eraseConfirmRequired') });

/** Passwordless sign-in: an e-mail address or a phone number. */
export const memberSignInSchema = z.object({ contact: text(254) }).transform((raw, ctx): { kind: ContactKind; value: string } => {
  if (raw.contact === '') {
    ctx.addIssue({ code: 'custom', message: 'members.signIn.contactRequired', path: ['contact'] });
    return z.NEVER;
  }
  if (raw.contact.includes('@')) return { kind: 'email', value: readEmail(raw.contact, 'contact', ctx) ?? '' };
  return readPhone(raw.contact, 'any', 'contact', ctx) ?? { kind: 'mobile', value: '' };
});

/** A 6-digit code as typed ("123 456" is fine). */
export const memberCodeSchema = z.object({ code: z.string().trim().regex(/^\d{3}[\s-]?\d{3}$/, 'members.codeFormat') });
