import type { Locale } from '../../web/i18n/locales.ts';

/**
 * The column names of the member lists coordinators keep, in the languages they keep them in.
 * Matching ignores case, accents, spaces and punctuation ("E-mail", "e mail" and "EMAIL" are one
 * name; "N°" is "n"). Data, not code: a name seen in a real list is added here. Pure.
 */

export const IMPORT_FIELDS = ['firstName', 'lastName', 'street', 'houseNumber', 'box', 'postcode', 'municipality', 'address', 'mobile', 'phone', 'email', 'language'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const HEADER_NAMES: Record<ImportField, Partial<Record<Locale, readonly string[]>>> = {
  firstName: { nl: ['voornaam', 'voornamen'], fr: ['prenom', 'prenoms'], de: ['vorname'], en: ['firstname', 'givenname', 'first'] },
  lastName: { nl: ['naam', 'achternaam', 'familienaam'], fr: ['nom', 'nomdefamille'], de: ['nachname', 'familienname', 'name'], en: ['lastname', 'surname', 'familyname', 'last'] },
  street: { nl: ['straat', 'straatnaam'], fr: ['rue', 'nomderue', 'voie'], de: ['strasse', 'strassenname'], en: ['street', 'streetname'] },
  houseNumber: { nl: ['nr', 'nummer', 'huisnummer', 'huisnr'], fr: ['n', 'no', 'numero', 'num'], de: ['hausnummer', 'hausnr'], en: ['number', 'housenumber', 'houseno'] },
  box: { nl: ['bus', 'busnummer', 'busnr'], fr: ['boite', 'bte', 'bt', 'boitepostale'], de: ['briefkasten', 'bfk'], en: ['box', 'boxnumber', 'apartment', 'apt'] },
  postcode: { nl: ['postcode', 'postnummer', 'postnr'], fr: ['codepostal', 'cp'], de: ['postleitzahl', 'plz'], en: ['zip', 'zipcode', 'postalcode'] },
  municipality: { nl: ['gemeente', 'woonplaats', 'plaats', 'stad', 'deelgemeente'], fr: ['commune', 'localite', 'ville', 'lieu'], de: ['gemeinde', 'ort', 'wohnort', 'stadt'], en: ['city', 'town', 'municipality', 'place'] },
  address: { nl: ['adres', 'straatennummer', 'straatenhuisnummer'], fr: ['adresse', 'rueetnumero'], de: ['anschrift'], en: ['address', 'streetaddress'] },
  mobile: { nl: ['gsm', 'gsmnummer', 'gsmnr', 'mobiel', 'mobielnummer', 'mobieletelefoon'], fr: ['portable', 'telportable', 'telephoneportable'], de: ['handy', 'handynummer', 'mobil', 'mobiltelefon'], en: ['mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone'] },
  phone: { nl: ['telefoon', 'telefoonnummer', 'tel', 'telnr', 'vastnummer', 'vastetelefoon', 'vastetelefoonnummer'], fr: ['telephone', 'telfixe', 'telephonefixe', 'fixe'], de: ['telefon', 'telefonnummer', 'festnetz'], en: ['phone', 'phonenumber', 'landline'] },
  email: { nl: ['email', 'emailadres', 'mail', 'mailadres', 'epost'], fr: ['courriel', 'adressemail', 'adresseemail', 'adressecourriel'], de: ['emailadresse'], en: ['emailaddress'] },
  language: { nl: ['taal', 'voertaal'], fr: ['langue'], de: ['sprache'], en: ['language', 'lang'] },
};

/** A column name as compared: lower case, no accents, letters and digits only. */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

const FIELD_BY_NAME = new Map<string, { field: ImportField; locale: Locale }>();
for (const field of IMPORT_FIELDS) {
  for (const [locale, names] of Object.entries(HEADER_NAMES[field]) as Array<[Locale, readonly string[]]>) {
    for (const name of names) if (!FIELD_BY_NAME.has(name)) FIELD_BY_NAME.set(name, { field, locale });
  }
}

export type ImportHeader = {
  /** Which record (0-based among the first ones) is the header. */
  position: number;
  columns: Partial<Record<ImportField, { index: number; name: string }>>;
  /** The language most column names are in; null when they do not tell (e.g. only "GSM", "E-mail"). */
  language: Locale | null;
};

function readColumns(names: readonly string[]): Omit<ImportHeader, 'position'> {
  const columns: ImportHeader['columns'] = {};
  const votes = new Map<Locale, number>();
  names.forEach((raw, index) => {
    const known = FIELD_BY_NAME.get(normalizeHeader(raw));
    if (!known || columns[known.field]) return;
    columns[known.field] = { index, name: raw.trim() };
    votes.set(known.locale, (votes.get(known.locale) ?? 0) + 1);
  });
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  const language = ranked.length > 0 && (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) ? ranked[0]![0] : null;
  return { columns, language };
}

/** A header names at least a person (first or last name) and where they live (a street or an address). */
function isHeader(columns: ImportHeader['columns']): boolean {
  return (columns.firstName !== undefined || columns.lastName !== undefined) && (columns.street !== undefined || columns.address !== undefined);
}

/**
 * Finds the header among the first records (a list may start with a title line such as
 * "Ledenlijst BIN Kerkstraat"); undefined when none names the columns a member needs.
 */
export function readImportHeader(firstRecords: ReadonlyArray<readonly string[]>): ImportHeader | undefined {
  for (const [position, names] of firstRecords.entries()) {
    const header = readColumns(names);
    if (isHeader(header.columns)) return { position, ...header };
  }
  return undefined;
}
