import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.ts';
import { detectDelimiter, parseCsv } from './member-import-csv.models.ts';
import { normalizeHeader, readImportHeader } from './member-import-header.models.ts';
import { MAX_IMPORT_BYTES, decodeImportFile, parseMemberList, readLanguage, splitAddressLine } from './member-import.models.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/members/${name}`, import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

/** The translated reason an AppError carries, or a failure when something else was thrown. */
function errorOf(work: () => unknown): { key: string; values: Record<string, string | number> } {
  try {
    work();
  } catch (error) {
    if (isAppError(error)) return { key: error.messageKey, values: error.values };
    throw error;
  }
  throw new Error('expected an error');
}

describe('CSV as spreadsheets write it', () => {
  it('given quoted fields with separators, quotes and line breaks, each record keeps its starting line', () => {
    const result = parseCsv('a;b\r\n"x;y";"say ""hi"""\r\n"Kerkstraat 1\nbus 2";z\r\n');
    expect(result).toEqual({
      ok: true,
      delimiter: ';',
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x;y', 'say "hi"'] },
        { line: 3, fields: ['Kerkstraat 1\nbus 2', 'z'] },
      ],
    });
  });

  it('given a quote that never closes, the line where it opened is named', () => {
    expect(parseCsv('a;b\nc;"d\ne;f\n')).toEqual({ ok: false, line: 2 });
  });

  it('given an unbalanced quote followed later by another quote, the opening line is still named', () => {
    expect(parseCsv('a;b\nc;"d\ne;f\ng;"h"\n')).toEqual({ ok: false, line: 2 });
  });

  it('given semicolons, commas or tabs, the separator used most in the first lines is chosen', () => {
    expect(detectDelimiter('Voornaam;Naam;Straat\nJan;Peeters, Jan;Kerkstraat')).toBe(';');
    expect(detectDelimiter('Prénom,Nom,Rue\n"Dupont; fils",Jean,Rue')).toBe(',');
    expect(detectDelimiter('Voornaam\tNaam\tStraat')).toBe('\t');
  });

  it('given any fields, writing them as CSV and reading them back gives the same fields', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ';', ',', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((row) => row.map((f) => `"${f.replace(/"/g, '""')}"`).join(';')).join('\r\n');
        const result = parseCsv(text, ';');
        // A multi-line field holding separators reads as an unbalanced quote by design; every other table round-trips.
        if (!result.ok) return rows.some((row) => row.some((f) => /\n[^]*;/.test(f)));
        return JSON.stringify(result.records.map((r) => r.fields)) === JSON.stringify(rows);
      }),
    );
  });
});

describe('the header of a member list', () => {
  it('given Dutch, French and variant column names, each is matched whatever its case, accents and spaces', () => {
    expect(normalizeHeader(' E-mail ')).toBe('email');
    expect(normalizeHeader('N°')).toBe('n');
    const header = readImportHeader([['Voornaam', 'ACHTERNAAM', 'Adres', 'Woonplaats', 'Gsm-nummer', 'Mail', 'Code postal']]);
    expect(header?.columns).toEqual({
      firstName: { index: 0, name: 'Voornaam' },
      lastName: { index: 1, name: 'ACHTERNAAM' },
      address: { index: 2, name: 'Adres' },
      municipality: { index: 3, name: 'Woonplaats' },
      mobile: { index: 4, name: 'Gsm-nummer' },
      email: { index: 5, name: 'Mail' },
      postcode: { index: 6, name: 'Code postal' },
    });
    expect(header?.language).toBe('nl');
  });

  it('given a title line above the column names, the header is found below it', () => {
    const header = readImportHeader([['Ledenlijst BIN Kerkstraat', '', ''], ['Prénom', 'Nom', 'Rue', 'N°', 'Téléphone']]);
    expect(header).toMatchObject({ position: 1, language: 'fr' });
  });

  it('given no name or no address column, there is no header', () => {
    expect(readImportHeader([['GSM', 'E-mail'], ['a', 'b']])).toBeUndefined();
  });
});

describe('reading a member list', () => {
  it('given the UTF-8 file with BOM, semicolons and Dutch headers, every row becomes a candidate', () => {
    const parsed = parseMemberList(fixture('leden-utf8-bom.csv'), { defaultLanguage: 'nl' });
    expect(parsed).toMatchObject({ encoding: 'utf-8', delimiter: ';', headerLanguage: 'nl', rows: 4, rejected: [] });
    expect(parsed.candidates).toEqual([
      { line: 2, firstName: 'Jan', lastName: 'Peeters', street: 'Kerkstraat', houseNumber: '1', box: null, postcode: '3079', municipality: 'Heidebeek', phones: [{ e164: '+32470123456', kind: 'mobile' }], email: 'jan.peeters@example.be', language: 'nl' },
      { line: 3, firstName: 'Marie', lastName: 'Claes', street: 'Kerkstraat', houseNumber: '2', box: null, postcode: '3079', municipality: 'Heidebeek', phones: [{ e164: '+3216234567', kind: 'landline' }], email: null, language: 'nl' },
      { line: 4, firstName: 'Émile', lastName: 'Dubois', street: 'Kerkstraat', houseNumber: '24', box: '3', postcode: '3079', municipality: 'Heidebeek', phones: [{ e164: '+32475112233', kind: 'mobile' }], email: 'emile.dubois@example.be', language: 'fr' },
      { line: 5, firstName: 'Sofie', lastName: 'Van den Bossche', street: 'Kerkstr.', houseNumber: '12A', box: null, postcode: '3079', municipality: 'Heidebeek', phones: [{ e164: '+32486123456', kind: 'mobile' }], email: null, language: 'nl' },
    ]);
  });

  it('given the Windows-1252 file with commas and French headers, accents are read right and French is the default language', () => {
    const parsed = parseMemberList(fixture('membres-windows1252.csv'), { defaultLanguage: 'nl' });
    expect(parsed).toMatchObject({ encoding: 'windows-1252', delimiter: ',', headerLanguage: 'fr', rejected: [] });
    expect(parsed.candidates.map((c) => [c.firstName, c.lastName, c.street, c.houseNumber, c.box, c.language])).toEqual([
      ['Françoise', 'Lemaître', "Rue de l'Église", '5', null, 'fr'],
      ['Jean-Pierre', 'Hénaut', "Rue de l'Église", '7', '2', 'nl'],
    ]);
  });

  it('given a cell with a NUL, that row is refused naming the column; decomposed accents become NFC and names are counted in characters', () => {
    const text = ['Voornaam;Naam;Straat;Nummer;Postcode;GSM', 'Jan\u0000;Peeters;Kerkstraat;1;3079;0470123456', 'E\u0301mile;Dubois;Kerkstraat;2;3079;0475112233', `${'🚓'.repeat(100)};Claes;Kerkstraat;3;3079;0486123456`].join('\r\n');
    const parsed = parseMemberList(bytes(text), { defaultLanguage: 'nl' });
    expect(parsed.rejected).toEqual([{ line: 2, name: 'Peeters', reasons: [{ key: 'coordinator.import.reason.controlCharacters', column: 'Voornaam' }] }]);
    expect(parsed.candidates.map((c) => c.firstName)).toEqual(['\u00c9mile', '🚓'.repeat(100)]);
  });

  it('given the file with bad rows, each is refused with its line and reasons, and markup is kept as text', () => {
    const parsed = parseMemberList(fixture('leden-fouten.csv'), { defaultLanguage: 'nl' });
    expect(parsed.rejected).toEqual([
      { line: 3, name: 'Piet Janssens', reasons: [{ key: 'phone.letters', column: 'GSM' }] },
      { line: 4, name: 'Anna Maes', reasons: [{ key: 'phone.emergencyNumber', column: 'GSM' }] },
      { line: 5, name: 'Karel Wouters', reasons: [{ key: 'coordinator.import.reason.addressMissing' }] },
      { line: 6, name: 'LIES Wuyts', reasons: [{ key: 'coordinator.import.reason.duplicate', values: { line: 2 } }] },
      { line: 7, name: '<b>Bert</b> Smets', reasons: [{ key: 'coordinator.import.reason.emailInvalid', column: 'E-mail' }] },
    ]);
    expect(parsed.candidates.map((c) => c.line)).toEqual([2, 8, 9, 10, 11]);
    expect(parsed.candidates[1]).toMatchObject({ firstName: '<script>alert(1)</script>', lastName: 'Goossens', street: 'Kerkstraat', houseNumber: '13' });
  });

  it('given an address in one column, street, number and box are split as people write them', () => {
    expect(splitAddressLine('Kerkstraat 12 bus 3')).toEqual({ street: 'Kerkstraat', houseNumber: '12', box: '3', postcode: null, municipality: null });
    expect(splitAddressLine("Rue de l'Église 5 bte 2")).toMatchObject({ street: "Rue de l'Église", houseNumber: '5', box: '2' });
    expect(splitAddressLine('Kerkstraat 12A/3, 3079 Heidebeek')).toEqual({ street: 'Kerkstraat', houseNumber: '12A', box: '3', postcode: '3079', municipality: 'Heidebeek' });
    expect(splitAddressLine("12, Rue de l'Église")).toMatchObject({ street: "Rue de l'Église", houseNumber: '12' });
    expect(splitAddressLine('Kerkstraat')).toBeNull();
  });

  it('given language cells in any common spelling, the locale is recognised', () => {
    expect(['NL', 'Nederlands', 'français', 'Duits', 'english', 'néerlandais'].map(readLanguage)).toEqual(['nl', 'nl', 'fr', 'de', 'en', 'nl']);
    expect(readLanguage('Klingon')).toBeNull();
  });
});

describe('files that are no member list', () => {
  it('given an empty file, the reason is that it is empty', () => {
    expect(errorOf(() => parseMemberList(new Uint8Array(), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.empty');
    expect(errorOf(() => parseMemberList(bytes('\uFEFF \r\n'), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.empty');
  });

  it('given garbage bytes, the reason is that it is not text', () => {
    expect(errorOf(() => parseMemberList(fixture('garbage.bin'), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.notText');
  });

  it('given 10 MB, the reason is the size limit', () => {
    expect(errorOf(() => decodeImportFile(new Uint8Array(2 * MAX_IMPORT_BYTES)))).toEqual({ key: 'coordinator.import.error.tooLarge', values: { max: 5 } });
  });

  it('given a UTF-16 "Unicode text" file, the reason is its encoding', () => {
    expect(errorOf(() => parseMemberList(fixture('leden-utf16.csv'), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.encoding');
  });

  it('given an Excel workbook itself, the reason says to save it as CSV', () => {
    expect(errorOf(() => parseMemberList(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.workbook');
  });

  it('given an unbalanced quote, the reason names its line', () => {
    expect(errorOf(() => parseMemberList(fixture('aanhalingsteken-open.csv'), { defaultLanguage: 'nl' }))).toEqual({ key: 'coordinator.import.error.unbalancedQuote', values: { line: 3 } });
  });

  it('given no recognisable header, or a header and no rows, each has its reason', () => {
    expect(errorOf(() => parseMemberList(bytes('a;b;c\n1;2;3\n'), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.noHeader');
    expect(errorOf(() => parseMemberList(bytes('Voornaam;Naam;Straat\r\n;;\r\n'), { defaultLanguage: 'nl' })).key).toBe('coordinator.import.error.noRows');
  });
});
