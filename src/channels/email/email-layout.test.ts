import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../web/i18n/locales.ts';
import { renderEmailLayout } from './email-layout.tsx';

const base = { subject: 'Onderwerp', heading: 'Titel', paragraphs: ['Eerste alinea.'] };

describe('the e-mail layout', () => {
  it.each(LOCALES)('given the language %s, the HTML says so and the fixed lines are in that language', (locale) => {
    const email = renderEmailLayout({ ...base, locale, zoneName: 'PZ Voorbeeld' });
    const sentBy = { nl: 'voor politiezone PZ Voorbeeld', fr: 'pour la zone de police PZ Voorbeeld', de: 'für die Polizeizone PZ Voorbeeld', en: 'for police zone PZ Voorbeeld' }[locale];
    expect(email.html).toMatch(new RegExp(`^<!doctype html><html lang="${locale}">`));
    expect(email.html).toContain(sentBy);
    expect(email.text).toContain(sentBy);
    expect(email.text).toContain('112');
    expect(email.headers['Content-Language']).toBe(locale);
  });

  it('given text with markup, the HTML part escapes it and the text part keeps it as written', () => {
    const email = renderEmailLayout({ ...base, locale: 'nl', heading: 'Auto <script>', paragraphs: ['A & B\nregel twee'] });
    expect(email.html).toContain('Auto &lt;script>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('A &amp; B<br/>regel twee');
    expect(email.text).toContain('Auto <script>\n\nA & B\nregel twee');
  });

  it('given a button, the HTML links it twice (button and written-out address) and the text part writes the address out', () => {
    const url = 'https://bin.example.be/a/1?t=abc&x=1';
    const email = renderEmailLayout({ ...base, locale: 'fr', button: { label: 'Ouvrir', url } });
    expect(email.html.match(/href="https:\/\/bin\.example\.be\/a\/1\?t=abc&amp;x=1"/g)).toHaveLength(2);
    expect(email.text).toContain(`Ouvrir :\n${url}\n`);
  });

  it('given no unsubscribe address, there are no list headers; given an http one, no one-click header', () => {
    expect(Object.keys(renderEmailLayout({ ...base, locale: 'nl' }).headers)).toEqual(['Content-Language']);
    const plainHttp = renderEmailLayout({ ...base, locale: 'nl', unsubscribeUrl: 'http://localhost:3000/u/1' });
    expect(plainHttp.headers).toEqual({ 'Content-Language': 'nl', 'List-Unsubscribe': '<http://localhost:3000/u/1>' });
    expect(plainHttp.text).toContain('Afmelden:\nhttp://localhost:3000/u/1');
  });

  it('given a subject with line breaks, it becomes one line', () => {
    expect(renderEmailLayout({ ...base, locale: 'nl', subject: 'Een\r\nBcc: x@y.be' }).subject).toBe('Een Bcc: x@y.be');
  });

  it('given a link that is not http or https, the layout refuses it', () => {
    expect(() => renderEmailLayout({ ...base, locale: 'nl', button: { label: 'x', url: 'javascript:alert(1)' } })).toThrow(/http/);
    expect(() => renderEmailLayout({ ...base, locale: 'nl', unsubscribeUrl: 'https://x.be/"onclick' })).toThrow(/http/);
  });
});
