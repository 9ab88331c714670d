import { z } from 'zod';
import { LOCALES, type Locale } from '../../web/i18n/locales.ts';
import { type AddressInput, MAX_CONTACTS_PER_KIND, type Preferences, addressFields, channelFields, readAddress, readContacts, readPreferences, text } from './member-fields.schemas.ts';
import { CONTACT_KINDS, type ContactKind } from './members.models.ts';

const contactFields = Object.fromEntries(CONTACT_KINDS.flatMap((kind) => Array.from({ length: MAX_CONTACTS_PER_KIND }, (_, i) => [`${kind}${i + 1}`, text(254)]))) as Record<`${ContactKind}${1 | 2 | 3}`, ReturnType<typeof text>>;

/** The kinds of contact point the person filled in (valid or not): channel rules are judged on those. */
export function typedKinds(raw: Record<string, unknown>): Set<ContactKind> {
  return new Set(CONTACT_KINDS.filter((kind) => Array.from({ length: MAX_CONTACTS_PER_KIND }, (_, i) => raw[`${kind}${i + 1}`]).some((v) => typeof v === 'string' && v.trim() !== '')));
}

export type RegistrationInput = Preferences & {
  firstName: string;
  lastName: string;
  language: Locale;
  home: AddressInput;
  work: AddressInput | null;
  contacts: Array<{ kind: ContactKind; value: string }>;
  consentVersion: number;
  network: string | null;
};

/**
 * The public registration form: names, home (and optional work) address, language, contact
 * points (up to three of each kind), channels per message type, quiet hours, holiday pause and
 * consent to the privacy text shown. Markup in a name is kept as text (views escape it).
 */
export const registrationSchema = z
  .object({
    // Names are checked with the rest below: an empty name must not hide the other errors for a round.
    firstName: text(100),
    lastName: text(100),
    language: z.enum(LOCALES),
    ...addressFields('home'),
    ...addressFields('work'),
    ...contactFields,
    ...channelFields,
    consent: z.preprocess((v) => v === 'yes', z.boolean()),
    consentVersion: z.coerce.number().int().min(1),
    network: text(64),
  })
  .transform((raw, ctx): RegistrationInput => {
    const fields = raw as unknown as Record<string, string>;
    if (raw.firstName === '') ctx.addIssue({ code: 'custom', message: 'register.firstNameRequired', path: ['firstName'] });
    if (raw.lastName === '') ctx.addIssue({ code: 'custom', message: 'register.lastNameRequired', path: ['lastName'] });
    const home = readAddress(fields, 'home', ctx, true);
    const work = readAddress(fields, 'work', ctx, false);
    const kinds = typedKinds(fields);
    const contacts = readContacts(fields, ctx);
    if (kinds.size === 0) ctx.addIssue({ code: 'custom', message: 'members.contactRequired', path: ['contacts'] });
    const preferences = readPreferences(raw, kinds, ctx);
    if (!raw.consent) ctx.addIssue({ code: 'custom', message: 'members.consentRequired', path: ['consent'] });
    return {
      firstName: raw.firstName,
      lastName: raw.lastName,
      language: raw.language,
      home: home!,
      work,
      contacts,
      ...preferences,
      consentVersion: raw.consentVersion,
      network: raw.network === '' ? null : raw.network,
    };
  });
