import type { Locale } from './locales.ts';
import { zonesMessages } from '../../modules/zones/zones.messages.ts';
import { webMessages } from '../web.messages.ts';

// Every module's messages. Add a module's catalogue here; the key sets of the modules must not overlap.
const MODULE_CATALOGUES = [webMessages, zonesMessages] as const;

type KeysOf<C> = C extends Record<Locale, Record<infer K, string>> ? K : never;
export type MessageKey = KeysOf<(typeof MODULE_CATALOGUES)[number]>;

export const CATALOGUE: Record<Locale, Record<string, string>> = {
  nl: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.nl)),
  fr: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.fr)),
  de: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.de)),
  en: Object.assign({}, ...MODULE_CATALOGUES.map((c) => c.en)),
};

/** Keys defined by more than one module (a test keeps this empty). */
export function overlappingKeys(): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const catalogue of MODULE_CATALOGUES) {
    for (const key of Object.keys(catalogue.nl)) {
      if (seen.has(key)) twice.push(key);
      seen.add(key);
    }
  }
  return twice;
}
