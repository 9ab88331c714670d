import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { createTranslator, type Translate } from '../../web/i18n/translator.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import type { EmailMessage } from './email.channel.ts';

export type EmailLayoutInput = {
  locale: Locale;
  subject: string;
  heading: string;
  /** Each a paragraph; a line break inside one is kept. */
  paragraphs: string[];
  /** The one action of the message, e.g. "I have read this" (http or https). */
  button?: { label: string; url: string };
  /** A line above the fixed footer, e.g. why the person receives this. */
  footerNote?: string;
  /** The police zone on whose behalf the message is sent. */
  zoneName?: string;
  /** Green messages only: the one-click unsubscribe address (RFC 8058). */
  unsubscribeUrl?: string;
};

export type RenderedEmail = Required<Pick<EmailMessage, 'subject' | 'text' | 'html' | 'headers'>>;

/**
 * Every platform e-mail in one plain layout: an HTML part (tables and inline styles, which is what
 * Outlook and phone mail apps render alike) and a text part with the same content and every
 * address written out. The text is auto-escaped by the renderer.
 */
export function renderEmailLayout(input: EmailLayoutInput): RenderedEmail {
  for (const url of [input.button?.url, input.unsubscribeUrl]) if (url !== undefined) assertWebUrl(url);
  const { t } = createTranslator(input.locale);
  const subject = input.subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const headers: Record<string, string> = { 'Content-Language': input.locale };
  if (input.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${input.unsubscribeUrl}>`;
    // RFC 8058 §3.1: one-click unsubscription is only offered with an HTTPS address.
    if (input.unsubscribeUrl.startsWith('https://')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    subject,
    html: `<!doctype html>${render(<EmailDocument input={{ ...input, subject }} t={t} />)}`,
    text: renderText(input, t),
    headers,
  };
}

function assertWebUrl(url: string): void {
  if (!/^https?:\/\/[^\s<>"]+$/.test(url)) throw new Error('An e-mail link must be an http or https address');
}

function footerLines(input: EmailLayoutInput, t: Translate): string[] {
  return [
    ...(input.footerNote ? [input.footerNote] : []),
    t('emailLayout.emergency'),
    input.zoneName ? t('emailLayout.sentByZone', { zone: input.zoneName }) : t('emailLayout.sentBy'),
  ];
}

function renderText(input: EmailLayoutInput, t: Translate): string {
  const blocks = [input.heading, ...input.paragraphs];
  if (input.button) blocks.push(t('emailLayout.linkLine', { label: input.button.label, url: input.button.url }));
  // "-- " is the usual signature separator: mail apps show what follows as a footer.
  blocks.push(`-- \n${footerLines(input, t).join('\n')}`);
  if (input.unsubscribeUrl) blocks.push(`${t('emailLayout.unsubscribeIntro')}\n${t('emailLayout.linkLine', { label: t('emailLayout.unsubscribeLink'), url: input.unsubscribeUrl })}`);
  return `${blocks.join('\n\n')}\n`;
}

// Colours meet WCAG AA contrast on white; the font stack exists on Windows, macOS, iOS and Android.
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const LINK = 'color:#1d4ed8;text-decoration:underline;';
// Layout tables: screen readers skip them, old clients draw no gaps or borders.
const PRESENTATION = { role: 'presentation', cellpadding: '0', cellspacing: '0', border: '0' } as const;

function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, index) => (
        <>
          {index > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

function Frame({ children }: { children: ComponentChildren }) {
  return (
    <table {...PRESENTATION} width="100%" style="border-collapse:collapse;">
      {children}
    </table>
  );
}

function EmailDocument({ input, t }: { input: EmailLayoutInput; t: Translate }) {
  return (
    <html lang={input.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <title>{input.subject}</title>
      </head>
      <body style="margin:0;padding:0;background-color:#f3f4f6;">
        <Frame>
          <tr>
            <td align="center" style="padding:24px 12px;background-color:#f3f4f6;">
              <table {...PRESENTATION} width="600" style="width:100%;max-width:600px;border-collapse:collapse;background-color:#ffffff;border:1px solid #d1d5db;">
                <tr>
                  <td style={`padding:24px;${FONT}font-size:16px;line-height:24px;color:#1f2937;`}>
                    <h1 style={`margin:0 0 16px 0;${FONT}font-size:22px;line-height:28px;color:#111827;`}>{input.heading}</h1>
                    {input.paragraphs.map((paragraph) => (
                      <p style="margin:0 0 16px 0;">
                        <Lines text={paragraph} />
                      </p>
                    ))}
                    {input.button && (
                      <>
                        <table {...PRESENTATION} style="margin:8px 0 16px 0;border-collapse:collapse;">
                          <tr>
                            <td style="background-color:#1d4ed8;border-radius:4px;">
                              <a href={input.button.url} style={`display:inline-block;padding:12px 20px;${FONT}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:4px;`}>
                                {input.button.label}
                              </a>
                            </td>
                          </tr>
                        </table>
                        <p style="margin:0 0 16px 0;font-size:14px;line-height:20px;color:#4b5563;">
                          {t('emailLayout.buttonFallback')}
                          <br />
                          <a href={input.button.url} style={`${LINK}word-break:break-all;`}>
                            {input.button.url}
                          </a>
                        </p>
                      </>
                    )}
                  </td>
                </tr>
                <tr>
                  <td style={`padding:16px 24px;border-top:1px solid #e5e7eb;${FONT}font-size:13px;line-height:20px;color:#4b5563;`}>
                    {footerLines(input, t).map((line) => (
                      <p style="margin:0 0 8px 0;">{line}</p>
                    ))}
                    {input.unsubscribeUrl && (
                      <p style="margin:0;">
                        {t('emailLayout.unsubscribeIntro')}{' '}
                        <a href={input.unsubscribeUrl} style={LINK}>
                          {t('emailLayout.unsubscribeLink')}
                        </a>
                      </p>
                    )}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </Frame>
      </body>
    </html>
  );
}
