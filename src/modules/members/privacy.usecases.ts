import type { App } from '../../app.ts';
import { type Locale, LOCALES } from '../../web/i18n/locales.ts';
import type { PrivacyText } from './privacy-texts.repository.ts';
import { PRIVACY_TEXTS } from './privacy.texts.ts';

type PrivacyDeps = Pick<App, 'privacyTexts' | 'clock'>;

/** Publishes the versions of privacy.texts.ts that the table does not hold yet; returns how many rows were added. */
export function publishPrivacyTexts(app: PrivacyDeps): Promise<number> {
  const rows = PRIVACY_TEXTS.flatMap(({ version, texts }) => LOCALES.map((locale) => ({ version, locale, body: texts[locale] })));
  return app.privacyTexts.publishMissing(rows, app.clock.now());
}

/**
 * The privacy text people consent to now, in their language: the newest published version. A
 * fresh database gets the texts of privacy.texts.ts on first use (start-up publishes them too).
 */
export async function currentPrivacyText(app: PrivacyDeps, locale: Locale): Promise<PrivacyText> {
  const stored = await app.privacyTexts.latest(locale);
  const newest = Math.max(...PRIVACY_TEXTS.map((t) => t.version));
  if (stored && stored.version >= newest) return stored;
  await publishPrivacyTexts(app);
  return (await app.privacyTexts.latest(locale))!;
}
