import { formatNational, parsePhoneNumber } from '../contacts/phone-numbers.models.ts';
import type { MemberContact, MemberCursor, MemberListFilters, MemberListRow } from './member-list.repository.ts';
import { isReachable } from './members.models.ts';

/**
 * What the coordinator tools show of members: contact values in full or masked, the keyset
 * cursor as a URL-safe string, a search term read as a name, an e-mail address or a phone number,
 * and CSV cells that a spreadsheet cannot mistake for formulas. Pure.
 */

const MASK = '•';

/** "0470 12 34 56" → "04•• •• •• 56": enough to tell two numbers apart, not to call them. */
export function maskPhone(national: string): string {
  const digits = national.replace(/\D/g, '').length;
  let seen = 0;
  return national.replace(/\d/g, (digit) => {
    seen++;
    return seen <= 2 || seen > digits - 2 ? digit : MASK;
  });
}

/** "jan.peeters@example.be" → "j•••@e•••.be". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return `${email.slice(0, 1)}${MASK.repeat(3)}`;
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const top = dot > 0 ? domain.slice(dot) : '';
  return `${email.slice(0, 1)}${MASK.repeat(3)}@${domain.slice(0, 1)}${MASK.repeat(3)}${top}`;
}

/** A contact value for people to read: phones in national format; masked unless `visible`. */
export function showContact(contact: Pick<MemberContact, 'kind' | 'value'>, visible: boolean): string {
  if (contact.kind === 'email') return visible ? contact.value : maskEmail(contact.value);
  const national = formatNational(contact.value);
  return visible ? national : maskPhone(national);
}

export function encodeCursor(cursor: MemberCursor): string {
  return Buffer.from(JSON.stringify([cursor.lastName, cursor.firstName, cursor.personId]), 'utf8').toString('base64url');
}

/** The cursor of a `after=` parameter; undefined when absent or not one of ours (the first page then). */
export function decodeCursor(text: string | undefined): MemberCursor | undefined {
  if (!text || text.length > 1000) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string')) {
      const [lastName, firstName, personId] = value as [string, string, string];
      return { lastName, firstName, personId };
    }
  } catch {
    // Not base64url JSON: treated as absent.
  }
  return undefined;
}

/**
 * A search term as the list uses it: the text itself (names, e-mail addresses), the E.164 number
 * when it reads as a full phone number ("0470 12 34 56" finds +32470123456), and its digits without
 * the trunk zero when it holds three or more (part of a number: "0470 12" finds +3247012…).
 */
export function readSearch(term: string | undefined): MemberListFilters['search'] {
  const text = (term ?? '').trim().slice(0, 100);
  if (text === '') return undefined;
  const parsed = parsePhoneNumber(text);
  const compact = text.replace(/[\s./()-]/g, '');
  const digits = /^\+?\d{3,}$/.test(compact) ? compact.replace(/^\+/, '').replace(/^0+/, '') : null;
  return { text, phone: parsed.ok ? parsed.e164 : null, digits: digits && digits.length >= 3 ? digits : null };
}

/** A spreadsheet reads a cell starting with = + - @ (or a tab or CR) as a formula: such cells get a leading apostrophe (OWASP CSV injection). */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV line: cells guarded, quoted when needed, separated by ';' for Excel on a Belgian PC. */
export function csvLine(cells: readonly string[], delimiter = ';'): string {
  return cells
    .map((raw) => {
      const value = guardCell(raw);
      return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') ? `"${value.replace(/"/g, '""')}"` : value;
    })
    .join(delimiter);
}

/** UTF-8 with a byte-order mark and CRLF: Excel then opens accents right. */
export function csvDocument(lines: readonly string[]): string {
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The contact values of a member by kind, phones in national format, joined for one cell. */
export function contactCells(member: Pick<MemberListRow, 'contacts'>, visible: boolean): { mobile: string; landline: string; email: string } {
  const of = (kind: MemberContact['kind']) =>
    member.contacts
      .filter((c) => c.kind === kind)
      .map((c) => showContact(c, visible))
      .join(', ');
  return { mobile: of('mobile'), landline: of('landline'), email: of('email') };
}

/** Whether a listed member can get alerts (the list holds contact points in use only). */
export function isListedReachable(member: Pick<MemberListRow, 'consentAt' | 'contacts'>): boolean {
  return isReachable({ consentAt: member.consentAt, erasedAt: null }, member.contacts.map((c) => ({ verifiedAt: c.verifiedAt, stoppedAt: null })));
}
