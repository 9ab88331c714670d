import { describe, expect, it } from 'vitest';
import { type StreetAddress, type StreetRule, matches, normalizeStreetName, parseHouseNumber, sameStreetName, streetRuleSchema } from './street-lists.models.ts';

const at = (houseNumber: string, overrides: Partial<StreetAddress> = {}): StreetAddress => ({
  streetNl: 'Kerkstraat',
  streetFr: null,
  streetDe: null,
  municipalityNl: 'Heidebeek',
  municipalityFr: null,
  municipalityDe: null,
  houseNumber,
  postcode: '3079',
  ...overrides,
});
const rule = (overrides: Partial<StreetRule> = {}): StreetRule => ({ street: 'Kerkstraat', postcode: '3079', from: null, to: null, parity: 'all', ...overrides });

describe('street names', () => {
  it.each([
    ['Kerkstr.', 'Kerkstraat'],
    ['kerk straat', 'Kerkstraat'],
    ['KERKSTRAAT', 'kerkstraat'],
    ['St.-Jozefstraat', 'Sint-Jozefstraat'],
    ['Sint Jozefstr', 'Sint-Jozefstraat'],
    ['Leuvensestwg', 'Leuvensesteenweg'],
    ['Av. Louise', 'Avenue Louise'],
    ['Chée de Mons', 'Chaussée de Mons'],
    ['Émile Verhaerenlaan', 'Emile Verhaeren Ln'],
    ['Saint-Gilles', 'St-Gilles'],
  ])('given %j and %j, they are the same street', (a, b) => {
    expect(sameStreetName(a, b)).toBe(true);
  });

  it('given different streets, they stay different', () => {
    expect(sameStreetName('Kerkstraat', 'Kerkhofstraat')).toBe(false);
    expect(sameStreetName('Molenstraat', 'Molenweg')).toBe(false);
    expect(normalizeStreetName('Dorpsplein')).toBe('dorpsplein');
  });
});

describe('house numbers', () => {
  it.each([
    ['12', { number: 12, end: 12, suffix: '', box: null }],
    ['12A', { number: 12, end: 12, suffix: 'a', box: null }],
    ['12 a', { number: 12, end: 12, suffix: 'a', box: null }],
    ['12 bis', { number: 12, end: 12, suffix: 'bis', box: null }],
    ['12-14', { number: 12, end: 14, suffix: '', box: null }],
    ['14 - 12', { number: 12, end: 14, suffix: '', box: null }],
    ['12 bus 3', { number: 12, end: 12, suffix: '', box: '3' }],
    ['12 bte 003', { number: 12, end: 12, suffix: '', box: '3' }],
    ['12A/3', { number: 12, end: 12, suffix: 'a', box: '3' }],
    ['007', { number: 7, end: 7, suffix: '', box: null }],
  ])('given %j, it reads as %o', (text, expected) => {
    expect(parseHouseNumber(text)).toEqual(expected);
  });

  it.each(['', 'z/n', 'A', 'bus 3', '12 14 16'])('given %j, there is no house number', (text) => {
    expect(parseHouseNumber(text)).toBeNull();
  });
});

describe('street rules', () => {
  it('given a whole street, every number of it matches and other streets or postcodes do not', () => {
    expect(matches(at('1'), rule())).toBe(true);
    expect(matches(at('z/n'), rule())).toBe(true);
    expect(matches(at('1', { postcode: '3070' }), rule())).toBe(false);
    expect(matches(at('1', { streetNl: 'Kerkhofstraat' }), rule())).toBe(false);
  });

  it('given an even side from 10 to 20, only even numbers in that range match', () => {
    const even = rule({ from: 10, to: 20, parity: 'even', street: 'kerkstr.' });
    expect(['10', '12A', '20', '14 bus 2'].map((n) => matches(at(n), even))).toEqual([true, true, true, true]);
    expect(['8', '11', '22', 'z/n'].map((n) => matches(at(n), even))).toEqual([false, false, false, false]);
  });

  it('given a range number overlapping the rule, it matches; a bilingual street matches in either language', () => {
    expect(matches(at('20-24'), rule({ from: 24, to: 40 }))).toBe(true);
    expect(matches(at('20-22'), rule({ from: 24, to: 40 }))).toBe(false);
    expect(matches(at('5', { streetNl: 'Bergense Steenweg', streetFr: 'Chaussée de Mons', postcode: '1070' }), rule({ street: 'Chée de Mons', postcode: '1070', to: 9 }))).toBe(true);
  });

  it('given form input, the schema reads empty bounds as open and refuses a reversed range', () => {
    expect(streetRuleSchema.parse({ street: ' Kerkstraat ', postcode: '3079', from: '', to: '40', parity: '' })).toEqual({ street: 'Kerkstraat', postcode: '3079', from: null, to: 40, parity: 'all' });
    const reversed = streetRuleSchema.safeParse({ street: 'Kerkstraat', postcode: '3079', from: '40', to: '10', parity: 'odd' });
    expect(reversed.success ? [] : reversed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['to', 'geography.rangeInvalid']]);
    const wrong = streetRuleSchema.safeParse({ street: '', postcode: '307', from: '0', parity: 'left' });
    expect(wrong.success ? [] : wrong.error.issues.map((i) => i.message)).toEqual(expect.arrayContaining(['geography.streetRequired', 'geography.postcodeInvalid', 'geography.houseNumberInvalid']));
  });
});
