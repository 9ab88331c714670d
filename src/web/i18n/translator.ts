import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUE, type MessageKey } from './catalogue.ts';
import type { Locale } from './locales.ts';

export type Translate = (key: MessageKey, values?: Record<string, string | number | Date>) => string;

export type Translator = {
  locale: Locale;
  t: Translate;
  /** A key that is only known at run time (error codes): falls back to the generic message. */
  tDynamic: (key: string, values?: Record<string, string | number>, fallback?: MessageKey) => string;
  formatDateTime: (ms: number) => string;
  formatDate: (ms: number) => string;
};

const formats = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: string, values?: Record<string, unknown>): string {
  const message = (CATALOGUE[locale] as Record<string, string>)[key];
  if (message === undefined) return key;
  const cacheKey = `${locale}\u0000${key}`;
  let compiled = formats.get(cacheKey);
  if (!compiled) {
    compiled = new IntlMessageFormat(message, locale);
    formats.set(cacheKey, compiled);
  }
  return String(compiled.format(values as Record<string, string>));
}

export function hasMessage(locale: Locale, key: string): boolean {
  return key in CATALOGUE[locale];
}

const translators = new Map<string, Translator>();

/** The translator of a language (and time zone for dates); built once, it holds no state. */
export function createTranslator(locale: Locale, timeZone = 'Europe/Brussels'): Translator {
  const cacheKey = `${locale}\u0000${timeZone}`;
  let translator = translators.get(cacheKey);
  if (!translator) {
    translator = buildTranslator(locale, timeZone);
    translators.set(cacheKey, translator);
  }
  return translator;
}

function buildTranslator(locale: Locale, timeZone: string): Translator {
  const dateTime = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const date = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, { dateStyle: 'medium', timeZone });
  return {
    locale,
    t: (key, values) => format(locale, key, values),
    tDynamic: (key, values, fallback = 'errors.unexpected') => format(locale, hasMessage(locale, key) ? key : fallback, values),
    formatDateTime: (ms) => dateTime.format(ms),
    formatDate: (ms) => date.format(ms),
  };
}
