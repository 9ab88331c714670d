import { describe, expect, it } from 'vitest';
import { type Address, formatAddress, normalizeBox, normalizeHouseNumber, normalizeText, parseAddressQuery, searchKeys } from './addresses.models.ts';

const brussels: Address = {
  id: 'a1',
  bestId: 'https://databrussels.be/id/address/615867',
  streetNl: 'Bergense Steenweg',
  streetFr: 'Chaussée de Mons',
  streetDe: null,
  houseNumber: '475',
  box: 'RDC',
  postcode: '1070',
  municipalityNl: 'Anderlecht',
  municipalityFr: 'Anderlecht',
  municipalityDe: null,
  lat: 50.83595,
  lon: 4.31653,
  status: 'current',
  updatedAt: 0,
};

describe('address normalisation', () => {
  it.each([
    ['Chaussée de Mons', 'chaussee de mons'],
    ['Sint-Jozef-Rodeplein', 'sint jozef rodeplein'],
    ['  Émile  VERHAERENLAAN ', 'emile verhaerenlaan'],
    ['Straße', 'strasse'],
    ["Rue de l'Œuvre", 'rue de l oeuvre'],
  ])('given %j, normalizeText gives %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('given house numbers and boxes as people write them, they compare equal to BeSt spellings', () => {
    expect(normalizeHouseNumber('12 A')).toBe('12a');
    expect(normalizeHouseNumber('12 - 14')).toBe('12-14');
    expect(normalizeBox('bus 003')).toBe('3');
    expect(normalizeBox('b3')).toBe('3');
    expect(normalizeBox('Bte 2')).toBe('2');
    expect(normalizeBox('RDC')).toBe('rdc');
    expect(normalizeBox(null)).toBe('');
  });

  it('given a bilingual address, it has a search key in each language', () => {
    expect(searchKeys(brussels)).toEqual({ searchKey: 'bergense steenweg 475 1070 anderlecht', searchKeyAlt: 'chaussee de mons 475 1070 anderlecht' });
    expect(searchKeys({ ...brussels, streetFr: null, houseNumber: '12A' }).searchKeyAlt).toBeNull();
  });

  it('given a query, its leading words are the prefix, shortened in later attempts, and its other tokens words to find', () => {
    expect(parseAddressQuery('kerkstr 12')).toEqual({ attempts: [{ prefix: 'kerkstr', words: ['12'] }], houseNumber: '12' });
    expect(parseAddressQuery('12 a Kerkstraat Heideb')).toEqual({
      attempts: [
        { prefix: 'kerkstraat heideb', words: ['12a'] },
        { prefix: 'kerkstraat', words: ['heideb', '12a'] },
      ],
      houseNumber: '12a',
    });
    expect(parseAddressQuery('Rue du 11 Novembre 5')?.attempts[0]).toEqual({ prefix: 'rue du', words: ['11', 'novembre', '5'] });
    expect(parseAddressQuery('3079')).toBeNull();
    expect(parseAddressQuery('  ')).toBeNull();
  });

  it('given a reader language, the address is written in it when the address has it', () => {
    expect(formatAddress(brussels, 'fr')).toBe('Chaussée de Mons 475 boîte RDC, 1070 Anderlecht');
    expect(formatAddress(brussels, 'nl')).toBe('Bergense Steenweg 475 bus RDC, 1070 Anderlecht');
    expect(formatAddress({ ...brussels, box: null }, 'en')).toBe('Bergense Steenweg 475, 1070 Anderlecht');
  });
});
