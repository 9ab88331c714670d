export const LOCALES = ['nl', 'fr', 'de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language's own name, shown in the switcher whatever the current language is. */
export const LOCALE_NAMES: Record<Locale, string> = { nl: 'Nederlands', fr: 'Français', de: 'Deutsch', en: 'English' };

/**
 * A module's messages in the four languages. The type makes every language carry exactly the keys
 * of the Dutch catalogue, so a missing translation is a compile error. Messages are ICU
 * MessageFormat (`{count, plural, one {# lid} other {# leden}}`).
 */
export function defineMessages<const K extends string>(messages: {
  nl: Record<K, string>;
  fr: NoInfer<Record<K, string>>;
  de: NoInfer<Record<K, string>>;
  en: NoInfer<Record<K, string>>;
}): Record<Locale, Record<K, string>> {
  return messages;
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return undefined;
}
