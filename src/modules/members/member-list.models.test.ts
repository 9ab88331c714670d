import { describe, expect, it } from 'vitest';
import { csvLine, decodeCursor, encodeCursor, guardCell, maskEmail, maskPhone, readSearch, showContact } from './member-list.models.ts';

describe('what the coordinator tools show of members', () => {
  it('given a phone number and an e-mail address, the masked forms keep only their ends', () => {
    expect(maskPhone('0470 12 34 56')).toBe('04•• •• •• 56');
    expect(maskPhone('+31 6 12345678')).toBe('+31 • ••••••78');
    expect(maskEmail('jan.peeters@example.be')).toBe('j•••@e•••.be');
    expect(showContact({ kind: 'landline', value: '+3234856511' }, true)).toBe('03 485 65 11');
    expect(showContact({ kind: 'mobile', value: '+32470123456' }, false)).toBe('04•• •• •• 56');
  });

  it('given a cursor, it survives the URL and a tampered one is ignored', () => {
    const cursor = { lastName: 'de smet', firstName: 'zoë', personId: 'p-1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
  });

  it('given a search term, a full phone number becomes E.164 and a partial one its digits without the trunk zero', () => {
    expect(readSearch('0470 12 34 56')).toEqual({ text: '0470 12 34 56', phone: '+32470123456', digits: '470123456' });
    expect(readSearch('0470/12')).toEqual({ text: '0470/12', phone: null, digits: '47012' });
    expect(readSearch('Peeters')).toEqual({ text: 'Peeters', phone: null, digits: null });
    expect(readSearch('  ')).toBeUndefined();
  });

  it('given cells a spreadsheet would run as formulas, they are neutralised and quoted where needed', () => {
    expect(['=1+1', '+32 470', '-2', '@SUM(A1)', '\tx', 'Jan'].map(guardCell)).toEqual(["'=1+1", "'+32 470", "'-2", "'@SUM(A1)", "'\tx", 'Jan']);
    expect(csvLine(['a;b', 'say "hi"', '=cmd'])).toBe(`"a;b";"say ""hi""";'=cmd`);
  });
});
