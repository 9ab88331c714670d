import { AppError } from '../../shared/errors.ts';
import { characterCount, normaliseText } from '../../shared/text-input.ts';
import { normalizeBox, normalizeHouseNumber, normalizeText } from '../geography/addresses.models.ts';
import { normalizeStreetName } from '../geography/street-lists.models.ts';
import { type PhoneErrorKey, type PhoneKind, parsePhoneNumber } from '../contacts/phone-numbers.models.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { type ImportField, readImportHeader } from './member-import-header.models.ts';
import { type CsvRecord, parseCsv } from './member-import-csv.models.ts';

/**
 * The member list a coordinator really has, as a spreadsheet exports it, read into candidate
 * people and the reasons a row cannot be imported. Pure: no I/O. What needs the database (the
 * address register, the network's area, its members) is judged by the import use case.
 */

/** The largest file accepted: a list of several thousand members is well below it. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const MAX_NAME_LENGTH = 100;

export type ImportEncoding = 'utf-8' | 'windows-1252';

/** Why a row is refused: a catalogue key, with the column it is about when there is one. */
export type RowReason = { key: string; column?: string; values?: Record<string, string | number> };

export type RejectedRow = { line: number; name: string; reasons: RowReason[] };

/** A phone number as read from the file. */
export type ImportPhone = { e164: string; kind: PhoneKind };

/** One person to import, as the file gives them. */
export type ImportCandidate = {
  line: number;
  firstName: string;
  lastName: string;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  phones: ImportPhone[];
  email: string | null;
  language: Locale;
};

export type ParsedImport = {
  encoding: ImportEncoding;
  delimiter: string;
  /** The language the column names are written in, the default for rows without one. */
  headerLanguage: Locale | null;
  candidates: ImportCandidate[];
  rejected: RejectedRow[];
  /** Data rows read (empty lines not counted). */
  rows: number;
};

const fileError = (reason: string, values: Record<string, string | number> = {}) =>
  new AppError({ code: `member_import.${reason}`, kind: 'invalid', messageKey: `coordinator.import.error.${reason}`, values });

/** A contact e-mail address: one @, a dot in the domain, no spaces. */
const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;

/**
 * The file's text. A byte-order mark or valid UTF-8 means UTF-8; anything else is read as
 * Windows-1252, the encoding of "CSV (semicolon separated)" from Excel on a Belgian PC. UTF-16
 * ("Unicode text") and binary files (a workbook, a picture, garbage) are refused with their own
 * reason, since reading them as text would only produce nonsense rows.
 */
export function decodeImportFile(bytes: Uint8Array, maxBytes = MAX_IMPORT_BYTES): { text: string; encoding: ImportEncoding } {
  if (bytes.length === 0) throw fileError('empty');
  if (bytes.length > maxBytes) throw fileError('tooLarge', { max: Math.round(maxBytes / 1024 / 1024) });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksLikeUtf16(bytes)) throw fileError('encoding');
  // ZIP (an .xlsx or .ods workbook saved as is) and the old binary .xls (OLE2).
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)) {
    throw fileError('workbook');
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  let encoding: ImportEncoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder('windows-1252').decode(body);
    encoding = 'windows-1252';
  }
  if (!looksLikeText(text)) throw fileError('notText');
  if (text.trim() === '') throw fileError('empty');
  return { text, encoding };
}

/** UTF-16 without a byte-order mark: every other byte of Latin text is zero. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  let zeroes = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0 || sample[i - 1] === 0) zeroes++;
  return sample.length >= 4 && zeroes > sample.length / 4;
}

/** Text has (almost) no control characters other than tab and line ends; binary data has many. */
function looksLikeText(text: string): boolean {
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code < 0xa0) || code === 0xfffd) controls++;
  }
  return controls <= Math.max(2, sample.length / 1000);
}

const LANGUAGE_WORDS: Record<string, Locale> = {};
for (const [locale, words] of Object.entries({
  nl: ['nl', 'n', 'ned', 'nederlands', 'vlaams', 'dutch', 'neerlandais', 'niederlandisch'],
  fr: ['fr', 'f', 'frans', 'francais', 'french', 'franzosisch'],
  de: ['de', 'd', 'duits', 'deutsch', 'allemand', 'german'],
  en: ['en', 'e', 'engels', 'english', 'anglais', 'englisch'],
} as Record<Locale, string[]>)) {
  for (const word of words) LANGUAGE_WORDS[word] = locale as Locale;
}

/** "NL", "Nederlands", "français", "Duits" → the locale; null when not recognised. */
export function readLanguage(text: string): Locale | null {
  return LANGUAGE_WORDS[normalizeText(text).replace(/ /g, '')] ?? null;
}

// "Kerkstraat 12 bus 3", "Rue de l'Église 5 bte 2", "Kerkstraat 12/3", "Kerkstraat 12A, 3079 Heidebeek".
const ADDRESS_LINE =
  /^(.+?)[\s,]+(\d+\s?[a-zA-Z]{0,3}(?:\s?-\s?\d+\s?[a-zA-Z]{0,3})?)(?:(?:\s*\/\s*|\s+(?:bus|bte|boîte|boite|bt|box|bfk)\.?\s*|\s+b\.?\s*(?=\d))([0-9A-Za-z.]+))?\s*(?:,\s*(\d{4})\s+(.+))?$/i;
// "12 bus 3", "12 bte 2", "12/3" in a number column.
const NUMBER_WITH_BOX = /^(\d+\s?[a-zA-Z]{0,3})(?:\s*\/\s*|\s+(?:bus|bte|boîte|boite|bt|box|bfk)\.?\s*|\s+b\.?\s*(?=\d))([0-9A-Za-z.]+)$/i;
// "12, Rue de l'Église" as some French lists write it.
const NUMBER_FIRST = /^(\d+\s?[a-zA-Z]{0,3})\s*,?\s+(\D.*)$/;

/** Splits one address cell into street, number, box (and postcode and municipality when given). */
export function splitAddressLine(text: string): { street: string; houseNumber: string; box: string | null; postcode: string | null; municipality: string | null } | null {
  const line = text.trim().replace(/\s+/g, ' ');
  const match = ADDRESS_LINE.exec(line);
  if (match) {
    return { street: match[1]!.trim(), houseNumber: match[2]!.replace(/\s/g, ''), box: match[3] ?? null, postcode: match[4] ?? null, municipality: match[5]?.trim() ?? null };
  }
  const first = NUMBER_FIRST.exec(line);
  if (first) return { street: first[2]!.trim(), houseNumber: first[1]!.replace(/\s/g, ''), box: null, postcode: null, municipality: null };
  return null;
}

/** The key of an address in duplicate checks: "3079|kerkstraat|12|3". */
export function addressKey(parts: { postcode: string; street: string; houseNumber: string; box: string | null }): string {
  return `${parts.postcode.trim()}|${normalizeStreetName(parts.street)}|${normalizeHouseNumber(parts.houseNumber)}|${normalizeBox(parts.box)}`;
}

/** The key of a person's name in duplicate checks: case, accents and punctuation ignored. */
export function nameKey(firstName: string, lastName: string): string {
  return normalizeText(`${firstName} ${lastName}`);
}

/** The keys under which a person is the same person: name with address, name with each contact. */
export function personKeys(person: { firstName: string; lastName: string; address: string | null; contacts: readonly string[] }): string[] {
  const name = nameKey(person.firstName, person.lastName);
  return [...(person.address ? [`${name}#${person.address}`] : []), ...person.contacts.map((value) => `${name}@${value}`)];
}

function cell(record: CsvRecord, index: number | undefined): string {
  return index === undefined ? '' : (record.fields[index] ?? '').trim();
}

type Columns = Partial<Record<ImportField, { index: number; name: string }>>;

/** Reads one row; a candidate, or the reasons it is refused (the duplicate check comes later). */
function readRow(record: CsvRecord, columns: Columns, defaultLanguage: Locale): ImportCandidate | RejectedRow {
  const get = (field: ImportField) => cell(record, columns[field]?.index);
  const reasons: RowReason[] = [];
  const firstName = get('firstName');
  const lastName = get('lastName');
  const name = `${firstName} ${lastName}`.trim();
  if (name === '') reasons.push({ key: 'coordinator.import.reason.nameMissing' });
  for (const field of ['firstName', 'lastName'] as const) {
    if (characterCount(get(field)) > MAX_NAME_LENGTH) reasons.push({ key: 'coordinator.import.reason.tooLong', column: columns[field]!.name, values: { max: MAX_NAME_LENGTH } });
  }

  let street = get('street');
  let houseNumber = get('houseNumber');
  let box: string | null = get('box') || null;
  let postcode = get('postcode');
  let municipality = get('municipality');
  const line = get('address') || (houseNumber === '' ? street : '');
  if (line !== '') {
    const split = splitAddressLine(line);
    if (split) {
      ({ street, houseNumber } = split);
      box = box ?? split.box;
      postcode = postcode || (split.postcode ?? '');
      municipality = municipality || (split.municipality ?? '');
    }
  }
  // "12 bus 3" or "12/3" in the number column.
  const numberWithBox = box === null ? NUMBER_WITH_BOX.exec(houseNumber) : null;
  if (numberWithBox) {
    houseNumber = numberWithBox[1]!.replace(/\s/g, '');
    box = numberWithBox[2]!;
  }
  // "3079 Heidebeek" in the postcode column.
  const postcodeAndPlace = /^(\d{4})\s+(.+)$/.exec(postcode);
  if (postcodeAndPlace) {
    postcode = postcodeAndPlace[1]!;
    municipality = municipality || postcodeAndPlace[2]!;
  }
  if (street === '' || houseNumber === '' || postcode === '') reasons.push({ key: 'coordinator.import.reason.addressMissing' });
  else if (!/^[1-9]\d{3}$/.test(postcode)) reasons.push({ key: 'coordinator.import.reason.postcodeInvalid', column: columns.postcode?.name ?? columns.address?.name });

  const phones: ImportPhone[] = [];
  for (const field of ['mobile', 'phone'] as const) {
    const text = get(field);
    if (text === '') continue;
    const parsed = parsePhoneNumber(text);
    if (!parsed.ok) reasons.push({ key: parsed.errorKey satisfies PhoneErrorKey, column: columns[field]!.name });
    else if (!phones.some((p) => p.e164 === parsed.e164)) phones.push({ e164: parsed.e164, kind: parsed.kind });
  }
  const emailText = get('email').toLowerCase();
  const email = emailText === '' ? null : emailText;
  if (email !== null && (!EMAIL.test(email) || email.length > 254)) reasons.push({ key: 'coordinator.import.reason.emailInvalid', column: columns.email!.name });

  if (reasons.length > 0) return { line: record.line, name, reasons };
  return { line: record.line, firstName, lastName, street, houseNumber, box, postcode, municipality, phones, email, language: readLanguage(get('language')) ?? defaultLanguage };
}

/** Every cell goes through the one text normalisation first (src/shared/text-input.ts). */
function readNormalisedRow(record: CsvRecord, columns: Columns, defaultLanguage: Locale): ImportCandidate | RejectedRow {
  const fields: string[] = [];
  const refused: RowReason[] = [];
  for (const [index, field] of record.fields.entries()) {
    const normalised = normaliseText(field);
    if (normalised.ok) fields.push(normalised.value);
    else {
      fields.push('');
      const column = Object.values(columns).find((c) => c?.index === index)?.name;
      refused.push({ key: 'coordinator.import.reason.controlCharacters', ...(column ? { column } : {}) });
    }
  }
  if (refused.length > 0) {
    const name = `${cell({ line: record.line, fields }, columns.firstName?.index)} ${cell({ line: record.line, fields }, columns.lastName?.index)}`.trim();
    return { line: record.line, name, reasons: refused };
  }
  return readRow({ line: record.line, fields }, columns, defaultLanguage);
}

/**
 * Reads a member list: decodes it, finds the header among the first lines, reads every row and
 * refuses duplicates within the file (the same name at the same address or with the same phone
 * number or e-mail address as an earlier row). Throws an AppError with a translated reason when
 * the file as a whole cannot be read; individual rows never throw. `maxBytes` is the upload limit
 * unless a caller that is not a browser upload (the benchmark) raises it.
 */
export function parseMemberList(bytes: Uint8Array, options: { defaultLanguage: Locale; maxBytes?: number }): ParsedImport {
  const { text, encoding } = decodeImportFile(bytes, options.maxBytes);
  const parsed = parseCsv(text);
  if (!parsed.ok) throw fileError('unbalancedQuote', { line: parsed.line });
  const header = readImportHeader(parsed.records.slice(0, 5).map((r) => r.fields));
  if (!header) throw fileError('noHeader');
  const dataRecords = parsed.records.slice(header.position + 1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (dataRecords.length === 0) throw fileError('noRows');

  const columns: Columns = header.columns;
  const defaultLanguage = header.language ?? options.defaultLanguage;
  const candidates: ImportCandidate[] = [];
  const rejected: RejectedRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of dataRecords) {
    const row = readNormalisedRow(record, columns, defaultLanguage);
    if ('reasons' in row) {
      rejected.push(row);
      continue;
    }
    const keys = personKeys({ firstName: row.firstName, lastName: row.lastName, address: addressKey(row), contacts: [...row.phones.map((p) => p.e164), ...(row.email ? [row.email] : [])] });
    const earlier = keys.map((key) => firstLineOf.get(key)).find((line) => line !== undefined);
    if (earlier !== undefined) {
      rejected.push({ line: row.line, name: `${row.firstName} ${row.lastName}`.trim(), reasons: [{ key: 'coordinator.import.reason.duplicate', values: { line: earlier } }] });
      continue;
    }
    for (const key of keys) firstLineOf.set(key, row.line);
    candidates.push(row);
  }
  return { encoding, delimiter: parsed.delimiter, headerLanguage: header.language, candidates, rejected, rows: dataRecords.length };
}
