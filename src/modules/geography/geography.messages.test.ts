import { describe, expect, it } from 'vitest';
import { createTranslator, hasMessage } from '../../web/i18n/translator.ts';
import { LOCALES } from '../../web/i18n/locales.ts';
import { overlappingKeys } from '../../web/i18n/catalogue.ts';
import { PHONE_ERROR_KEYS } from '../contacts/phone-numbers.models.ts';
import { GEOMETRY_ERROR_KEYS } from './geometry.models.ts';

const STREET_RULE_KEYS = ['geography.streetRequired', 'geography.postcodeInvalid', 'geography.houseNumberInvalid', 'geography.rangeInvalid', 'geography.radiusOutOfRange'];

describe('geography and phone messages', () => {
  it.each(LOCALES)('given the %s catalogue, every error key the models can return has a message', (locale) => {
    for (const key of [...GEOMETRY_ERROR_KEYS, ...PHONE_ERROR_KEYS, ...STREET_RULE_KEYS]) expect(hasMessage(locale, key), key).toBe(true);
  });

  it('given the registered catalogues, no key is defined twice', () => {
    expect(overlappingKeys()).toEqual([]);
  });

  it('given an area of 12.4 ha, its size is written as a whole number of hectares', () => {
    expect(createTranslator('nl').t('geography.areaSize', { hectares: 12.4 })).toBe('12 ha');
    expect(createTranslator('fr').tDynamic('geography.selfIntersecting')).toBe('Le contour de la zone se recoupe. Redessinez-la sans lignes qui se croisent.');
  });
});
