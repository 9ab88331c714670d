import { describe, expect, it } from 'vitest';
import { overlappingKeys } from '../../web/i18n/catalogue.ts';
import { LOCALES } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { coordinatorMessages } from './coordinator.messages.ts';
import { memberImportMessages } from './member-import.messages.ts';
import { memberInvitationsMessages } from './member-invitations.messages.ts';

const VALUES = { network: 'BIN Kerkstraat', count: 2, line: 7, max: 5, created: 3, linked: 1, invited: 2, file: 'leden.csv', encoding: 'UTF-8', rows: 4, time: '15 jan.', firstName: 'Jan', coordinator: 'An', link: 'https://example.be/x', days: 30, version: 1 };

describe('coordinator and invitation messages', () => {
  it.each(LOCALES)('given the %s catalogue, every message formats with its values and leaves no placeholder', (locale) => {
    const { tDynamic } = createTranslator(locale);
    for (const key of [coordinatorMessages, memberImportMessages, memberInvitationsMessages].flatMap((catalogue) => Object.keys(catalogue[locale]))) {
      const text = tDynamic(key, VALUES);
      expect(text, key).not.toMatch(/[{}]/);
      expect(text, key).not.toBe(key);
    }
  });

  it('given every registered catalogue, no key is defined twice', () => {
    expect(overlappingKeys()).toEqual([]);
  });

  it('given an import report, counts are written as sentences in each language', () => {
    expect(createTranslator('nl').t('coordinator.import.done', { created: 1, linked: 0, invited: 2 })).toBe('Import klaar: 1 nieuw lid, 0 al gekend, 2 uitnodigingen verstuurd.');
    expect(createTranslator('fr').t('coordinator.import.error.unbalancedQuote', { line: 3 })).toBe('À la ligne 3, un guillemet (") s’ouvre sans jamais se fermer. Corrigez cette ligne et réessayez.');
  });
});
