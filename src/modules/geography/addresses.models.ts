/**
 * Belgian addresses as the platform sees them, and the text normalisation that makes them
 * searchable. Pure: no I/O.
 *
 * A BeSt-Address address has a street and municipality name in up to three languages (nl, fr,
 * de: Brussels has two, the German-speaking community has de and fr), a house number ("12",
 * "12A", "12-14"), an optional box ("3", "b001", "RDC"), a postcode and a WGS84 point.
 */

export const ADDRESS_STATUSES = ['current', 'proposed', 'retired', 'rejected'] as const;
export type AddressStatus = (typeof ADDRESS_STATUSES)[number];

/** Statuses of addresses where people can live today: autocomplete offers only these. */
export const LIVE_ADDRESS_STATUSES: readonly AddressStatus[] = ['current', 'proposed'];

export type AddressLanguage = 'nl' | 'fr' | 'de';

export type Address = {
  id: string;
  /** The BeSt persistent identifier, e.g. https://data.vlaanderen.be/id/adres/123. */
  bestId: string;
  streetNl: string | null;
  streetFr: string | null;
  streetDe: string | null;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipalityNl: string | null;
  municipalityFr: string | null;
  municipalityDe: string | null;
  lat: number;
  lon: number;
  status: string;
  updatedAt: number;
};

/** An address as an import delivers it: everything but our own id and timestamp. */
export type NewAddress = Omit<Address, 'id' | 'updatedAt'>;

/** A WGS84 point in degrees. */
export type LatLon = { lat: number; lon: number };

/**
 * Lower case, accents stripped, every run of characters other than a-z and 0-9 turned into one
 * space: "Chaussée de Mons" -> "chaussee de mons", "Sint-Jozef" -> "sint jozef".
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A house number as compared: lower case, accents stripped, without spaces ("12 A" -> "12a",
 * "12 - 14" -> "12-14"). The repository compares `lower(replace(house_number, ' ', ''))` with it.
 */
export function normalizeHouseNumber(houseNumber: string): string {
  return houseNumber.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, '');
}

/**
 * A box as compared: the prefix people write ("bus 3", "bte 3", "b3", "box 3") dropped and leading
 * zeros removed, so that "bus 003" and "b3" are the same box.
 */
export function normalizeBox(box: string | null | undefined): string {
  if (!box) return '';
  const text = normalizeText(box).replace(/^(bus|boite|bte|bt|box|b)\s*(?=\d)/, '').replace(/ /g, '');
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

type NamedParts = Pick<Address, 'streetNl' | 'streetFr' | 'streetDe' | 'municipalityNl' | 'municipalityFr' | 'municipalityDe'>;

const LANGUAGE_ORDER: readonly AddressLanguage[] = ['nl', 'fr', 'de'];

function streetIn(address: NamedParts, language: AddressLanguage): string | null {
  return { nl: address.streetNl, fr: address.streetFr, de: address.streetDe }[language] || null;
}

function municipalityIn(address: NamedParts, language: AddressLanguage): string | null {
  return { nl: address.municipalityNl, fr: address.municipalityFr, de: address.municipalityDe }[language] || null;
}

/** The languages in which the address has a street name, in the order nl, fr, de. */
export function streetLanguages(address: NamedParts): AddressLanguage[] {
  return LANGUAGE_ORDER.filter((language) => streetIn(address, language));
}

/** Every street name of the address (one per language it has). */
export function streetNames(address: NamedParts): string[] {
  return streetLanguages(address).map((language) => streetIn(address, language)!);
}

/**
 * The search keys of an address: "street number postcode municipality", normalised, in the first
 * language the address has, and (for bilingual addresses) in the second.
 */
export function searchKeys(address: NamedParts & Pick<Address, 'houseNumber' | 'postcode'>): { searchKey: string; searchKeyAlt: string | null } {
  const [first, second] = streetLanguages(address);
  const key = (language: AddressLanguage) => {
    const municipality = municipalityIn(address, language) ?? municipalityIn(address, 'nl') ?? municipalityIn(address, 'fr') ?? municipalityIn(address, 'de') ?? '';
    return normalizeText(`${streetIn(address, language)} ${normalizeHouseNumber(address.houseNumber)} ${address.postcode} ${municipality}`);
  };
  if (!first) return { searchKey: normalizeText(`${normalizeHouseNumber(address.houseNumber)} ${address.postcode}`), searchKeyAlt: null };
  return { searchKey: key(first), searchKeyAlt: second ? key(second) : null };
}

/**
 * The street and municipality in the reader's language when the address has it, else in its
 * first language ("Chaussée de Mons" for a French reader, "Bergense Steenweg" for a Dutch one).
 */
export function localizedParts(address: NamedParts, locale: string): { language: AddressLanguage; street: string; municipality: string } {
  const languages = streetLanguages(address);
  const language = (languages as string[]).includes(locale) ? (locale as AddressLanguage) : (languages[0] ?? 'nl');
  const municipality = municipalityIn(address, language) ?? municipalityIn(address, 'nl') ?? municipalityIn(address, 'fr') ?? municipalityIn(address, 'de') ?? '';
  return { language, street: streetIn(address, language) ?? '', municipality };
}

/**
 * The address as one line for people, in the reader's language when the address has it:
 * "Kerkstraat 12 bus 3, 3079 Heidebeek". The box word follows the language (bus, boîte, Bfk.).
 */
export function formatAddress(address: Address, locale: string): string {
  const { language, street, municipality } = localizedParts(address, locale);
  const boxWord = { nl: 'bus', fr: 'boîte', de: 'Bfk.' }[language];
  const box = address.box ? ` ${boxWord} ${address.box}` : '';
  return `${street} ${address.houseNumber}${box}, ${address.postcode} ${municipality}`.trim();
}

/**
 * An autocomplete query as prefix searches to try in turn. The leading run of words anchors a
 * prefix search on the search key ("sint jozefstr"); every other token must start a word somewhere
 * in it ("12", "heideb"). When the longest prefix finds nothing, shorter ones are tried, the words
 * dropped from it becoming tokens to find: "kerkstraat heidebeek" is Kerkstraat in Heidebeek. A
 * query that starts with a number ("12 kerkstraat") takes its first words as the prefix. Null when
 * the query has no word at all: a bare number or postcode finds nothing useful.
 */
export function parseAddressQuery(text: string): { attempts: Array<{ prefix: string; words: string[] }>; houseNumber: string | null } | null {
  const tokens: string[] = [];
  for (const token of normalizeText(text).split(' ').filter(Boolean)) {
    // "12 a" is the house number 12a, not the number 12 and a word starting with a.
    const previous = tokens.at(-1);
    if (/^[a-z]$/.test(token) && previous && /^\d+$/.test(previous)) tokens[tokens.length - 1] = previous + token;
    else tokens.push(token);
  }
  const isWord = (token: string) => /^[a-z]/.test(token);
  const firstWord = tokens.findIndex(isWord);
  if (firstWord === -1) return null;
  let end = firstWord;
  while (end < tokens.length && isWord(tokens[end]!)) end++;
  const leading = tokens.slice(firstWord, end);
  const others = [...tokens.slice(0, firstWord), ...tokens.slice(end)];
  const attempts = leading.map((_, i) => {
    const n = leading.length - i;
    return { prefix: leading.slice(0, n).join(' '), words: [...leading.slice(n), ...others] };
  });
  return { attempts, houseNumber: others.find((w) => /^\d/.test(w)) ?? null };
}

/** The smallest string greater than every string that starts with `prefix` (for a range scan). */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
