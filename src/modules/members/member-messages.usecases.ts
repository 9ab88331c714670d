import type { App } from '../../app.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { isLocale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import type { MessageKey } from '../../web/i18n/catalogue.ts';

type SendDeps = Pick<App, 'email' | 'sms' | 'voice' | 'config' | 'logger'>;

/** A translator for a person's or account's language, falling back to the installation's default. */
export function translatorFor(app: Pick<App, 'config'>, language: string | null | undefined) {
  const locale: Locale = isLocale(language) ? language : app.config.locale.default;
  return createTranslator(locale, app.config.locale.timeZone);
}

/**
 * Sends one e-mail, SMS or call with translated text. A failure is logged, never thrown: the
 * member can ask again, and the database change that led here stays committed.
 */
export async function sendTranslated(
  app: SendDeps,
  message:
    | { channel: 'email'; to: string; language: string; subject: MessageKey; body: MessageKey; values: Record<string, string | number> }
    | { channel: 'sms' | 'voice'; to: string; language: string; body: MessageKey; values: Record<string, string | number> },
): Promise<boolean> {
  const { t, locale } = translatorFor(app, message.language);
  try {
    const outcome =
      message.channel === 'email'
        ? await app.email.send({ to: message.to, from: app.config.email.from, subject: t(message.subject, message.values), text: t(message.body, message.values) })
        : message.channel === 'sms'
          ? await app.sms.send({ to: message.to, text: t(message.body, message.values) })
          : await app.voice.send({ to: message.to, language: locale, text: t(message.body, message.values) });
    if (outcome.kind === 'failed_permanent' || outcome.kind === 'failed_retryable') {
      app.logger.warn({ channel: message.channel, reason: outcome.reason }, 'member message not sent');
      return false;
    }
    return true;
  } catch (error) {
    app.logger.error({ err: error, channel: message.channel }, 'member message failed');
    return false;
  }
}
