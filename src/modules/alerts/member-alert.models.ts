import { IntlMessageFormat } from 'intl-messageformat';
import type { Locale } from '../../web/i18n/locales.ts';
import { ALERT_FIELDS, type AlertFieldName } from './alerts.models.ts';
import { alertsMessages } from './alerts.messages.ts';

/** One labelled line of the member's alert page ("Waar: Kerkstraat 20"). */
export type AlertFact = { name: AlertFieldName | null; label: string; value: string };

/** The full text read back as the member's page shows it: labelled lines, and the paragraphs that are none. */
export type AlertFacts = { exercise: boolean; facts: AlertFact[]; paragraphs: string[] };

const say = (locale: Locale, key: keyof (typeof alertsMessages)['nl']) => String(new IntlMessageFormat(alertsMessages[locale][key], locale).format({}));

/**
 * Splits an alert's full text (alerts.models.ts composeTexts: the marker, "what", then one
 * "Label: value" paragraph per field, then the call to 112/101) into labelled lines. A text the
 * sender edited keeps what it can: a paragraph with a known label is a line, the first other one is
 * "what", the rest stay paragraphs. The call to 112/101 is left out: the page says it first.
 */
export function alertFacts(fullText: string, locale: Locale): AlertFacts {
  const labels = new Map(ALERT_FIELDS.map((name) => [say(locale, `alerts.field.${name}`), name] as const));
  const marker = say(locale, 'alerts.exercise');
  const call = say(locale, 'alerts.full.call');
  const result: AlertFacts = { exercise: false, facts: [], paragraphs: [] };
  for (const raw of fullText.split(/\n{2,}/)) {
    let paragraph = raw.trim();
    if (paragraph.startsWith(marker)) {
      result.exercise = true;
      paragraph = paragraph.slice(marker.length).replace(/^\s*–\s*/, '').trim();
    }
    if (!paragraph || paragraph === call) continue;
    const colon = paragraph.indexOf(': ');
    const name = colon > 0 ? labels.get(paragraph.slice(0, colon)) : undefined;
    if (name) result.facts.push({ name, label: paragraph.slice(0, colon), value: paragraph.slice(colon + 2) });
    else if (!result.facts.some((fact) => fact.name === 'what')) result.facts.unshift({ name: 'what', label: say(locale, 'alerts.field.what'), value: paragraph });
    else result.paragraphs.push(paragraph);
  }
  return result;
}
