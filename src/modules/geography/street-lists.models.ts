import { z } from 'zod';
import { normalizeBox, normalizeText, streetNames, type Address } from './addresses.models.ts';

/**
 * Street lists: the other way to draw a network (besides a polygon), as coordinators describe
 * it: "Kerkstraat 1 to 40, even side, 3079". Pure: no I/O.
 */

export const PARITIES = ['all', 'even', 'odd'] as const;
export type Parity = (typeof PARITIES)[number];

export type StreetRule = {
  /** As typed: matched accent- and case-insensitively, "Kerkstr." is "Kerkstraat". */
  street: string;
  postcode: string;
  /** Inclusive house-number range; null = open on that side. */
  from: number | null;
  to: number | null;
  parity: Parity;
};

/** Whole words people abbreviate, and the one form they are compared in. */
const WORD_ABBREVIATIONS: Record<string, string> = {
  sint: 'st',
  saint: 'st',
  sainte: 'ste',
  stwg: 'steenweg',
  stw: 'steenweg',
  ln: 'laan',
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  bvd: 'boulevard',
  chee: 'chaussee',
  chs: 'chaussee',
};

/** Dutch compound endings people abbreviate: "Kerkstr." is "Kerkstraat", "Leuvensestwg" is "Leuvensesteenweg". */
const SUFFIX_ABBREVIATIONS: ReadonlyArray<[string, string]> = [
  ['stwg', 'steenweg'],
  ['str', 'straat'],
];

/**
 * A street name as compared: accents and case dropped, abbreviations expanded, spaces and hyphens
 * removed (so "Sint-Jozef straat", "St. Jozefstraat" and "Sint Jozefstr." are one street).
 */
export function normalizeStreetName(name: string): string {
  return normalizeText(name)
    .split(' ')
    .filter(Boolean)
    .map((word) => {
      const whole = WORD_ABBREVIATIONS[word];
      if (whole) return whole;
      for (const [short, long] of SUFFIX_ABBREVIATIONS) if (word.endsWith(short)) return word.slice(0, -short.length) + long;
      return word;
    })
    .join('');
}

export function sameStreetName(a: string, b: string): boolean {
  return normalizeStreetName(a) === normalizeStreetName(b);
}

export type HouseNumber = {
  /** The (first) number: 12 for "12A", "12-14" and "12 bus 3". */
  number: number;
  /** The last number a range covers: 14 for "12-14"; equal to `number` otherwise. */
  end: number;
  /** Letters after the number, lower case: "a" for "12A", "bis" for "12 bis". */
  suffix: string;
  /** A box written into the number ("12 bus 3", "12 bte 3", "12/3"), normalised; null if none. */
  box: string | null;
};

// "12 bus 3", "12 bte 3", "12 box A", "12 b3" (a lone b only before digits: "12 bis" is no box), "12/3".
const BOX_IN_NUMBER = /^(.*?\d.*?)(?:\s+(?:bus|bte|boite|box)\.?\s*|\s+b\.?\s*(?=\d)|\s*\/\s*)([a-z0-9]+)$/;
const SINGLE = /^(\d+)\s*([a-z]{0,4})$/;
const RANGE = /^(\d+)\s*[a-z]{0,4}\s*-\s*(\d+)\s*[a-z]{0,4}$/;

/**
 * Reads a house number as people and BeSt write them: "12", "12A", "12 a", "12 bis", "12-14",
 * "12 bus 3", "12 bte 3", "12/3". Null when there is no leading number ("z/n", "", "A").
 */
export function parseHouseNumber(text: string): HouseNumber | null {
  let rest = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim();
  let box: string | null = null;
  const withBox = BOX_IN_NUMBER.exec(rest);
  if (withBox) {
    rest = withBox[1]!.trim();
    box = normalizeBox(withBox[2]!);
  }
  const range = RANGE.exec(rest);
  if (range) {
    const number = Number(range[1]);
    const end = Number(range[2]);
    return end >= number ? { number, end, suffix: '', box } : { number: end, end: number, suffix: '', box };
  }
  const single = SINGLE.exec(rest);
  if (single) return { number: Number(single[1]), end: Number(single[1]), suffix: single[2]!, box };
  return null;
}

export type StreetAddress = Pick<Address, 'streetNl' | 'streetFr' | 'streetDe' | 'municipalityNl' | 'municipalityFr' | 'municipalityDe' | 'houseNumber' | 'postcode'>;

/**
 * Whether an address lies on a street rule. The street matches in any of the address's languages.
 * A range number ("12-14") matches when any number it covers lies in the rule's range; parity is
 * that of its first number. An address without a readable number matches only a rule without a
 * range or parity.
 */
export function matches(address: StreetAddress, rule: StreetRule): boolean {
  if (address.postcode.trim() !== rule.postcode.trim()) return false;
  const street = normalizeStreetName(rule.street);
  if (!streetNames(address).some((name) => normalizeStreetName(name) === street)) return false;
  const parsed = parseHouseNumber(address.houseNumber);
  if (!parsed) return rule.from === null && rule.to === null && rule.parity === 'all';
  if (rule.parity !== 'all' && (parsed.number % 2 === 0 ? 'even' : 'odd') !== rule.parity) return false;
  const low = Math.max(parsed.number, rule.from ?? -Infinity);
  const high = Math.min(parsed.end, rule.to ?? Infinity);
  return low <= high;
}

const optionalNumber = z.preprocess(
  (value) => (value === '' || value === undefined || value === null ? null : value),
  z.coerce.number().int('geography.houseNumberInvalid').min(1, 'geography.houseNumberInvalid').max(99_999, 'geography.houseNumberInvalid').nullable(),
);

/** A street rule as a form or API sends it; error messages are catalogue keys. */
export const streetRuleSchema = z
  .object({
    street: z.string().trim().min(1, 'geography.streetRequired').max(200),
    postcode: z.string().trim().regex(/^[1-9]\d{3}$/, 'geography.postcodeInvalid'),
    from: optionalNumber,
    to: optionalNumber,
    parity: z.preprocess((value) => (value === '' || value === undefined ? 'all' : value), z.enum(PARITIES)),
  })
  .refine((rule) => rule.from === null || rule.to === null || rule.from <= rule.to, { path: ['to'], message: 'geography.rangeInvalid' });
