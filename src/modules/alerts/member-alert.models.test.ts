import { describe, expect, it } from 'vitest';
import { composeTexts } from './alerts.models.ts';
import { FIELDS } from './alerts.test-support.ts';
import { alertFacts } from './member-alert.models.ts';

describe("the member's alert page as labelled lines", () => {
  it('given a composed French text, each field is a labelled line in order and the call to 112/101 is left to the page', () => {
    const { fullText } = composeTexts('fr', { fields: FIELDS, severity: 'red', kind: 'initial', exercise: false });
    const { facts, paragraphs, exercise } = alertFacts(fullText, 'fr');
    expect(facts.map((fact) => [fact.label, fact.value])).toEqual([
      ['Quoi', 'Inbraak bezig'],
      ['Où', 'Kerkstraat'],
      ['Quand', 'nu'],
      ['Personne(s)', 'twee mannen in donkere kledij'],
      ['Véhicule', 'witte bestelwagen'],
      ['Direction', 'E40'],
      ['Conseil', 'Doe de buitenverlichting aan.'],
    ]);
    expect(paragraphs).toEqual([]);
    expect(exercise).toBe(false);
  });

  it('given an exercise whose text the sender rewrote, the marker is found and the free paragraphs stay paragraphs', () => {
    const { facts, paragraphs, exercise } = alertFacts('OEFENING – Inbraak in de Kerkstraat.\n\nWaar: Kerkstraat 20\n\nWe houden u op de hoogte.', 'nl');
    expect(exercise).toBe(true);
    expect(facts).toEqual([
      { name: 'what', label: 'Wat', value: 'Inbraak in de Kerkstraat.' },
      { name: 'where', label: 'Waar', value: 'Kerkstraat 20' },
    ]);
    expect(paragraphs).toEqual(['We houden u op de hoogte.']);
  });
});
