import { describe, expect, it } from 'vitest';
import { type ActivationChecklist, type AlertFields, SHORT_TEXT_MAX, canTransitionAlert, checklistProblems, composeAllTexts, composeTexts, isNight, truncateAtWord, withExerciseMarker } from './alerts.models.ts';

const FIELDS: AlertFields = {
  what: 'Inbraak in een woning',
  where: 'Kerkstraat 12, Zaventem',
  when: '14:05',
  persons: 'twee mannen, donkere jassen',
  vehicle: 'witte bestelwagen 1-ABC-123',
  direction: 'E40',
  advice: 'Doe de buitenverlichting aan.',
};

const CHECKED: ActivationChecklist = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: false, nightReason: '' };
// 15 January 2026, 14:00 and 23:30 in Brussels (UTC+1).
const AFTERNOON = Date.UTC(2026, 0, 15, 13, 0);
const NIGHT = Date.UTC(2026, 0, 15, 22, 30);

describe('alert texts', () => {
  it('given the fields, the short text carries the facts, the advice and the call to 101', () => {
    const { shortText, fullText, subject } = composeTexts('nl', { fields: FIELDS, severity: 'red', kind: 'initial', exercise: false });
    expect(shortText).toBe('Inbraak in een woning. Kerkstraat 12, Zaventem, 14:05. Persoon: twee mannen, donkere jassen. Voertuig: witte bestelwagen 1-ABC-123. Richting E40. Doe de buitenverlichting aan. Zie je iets? Bel 101.');
    expect(fullText).toContain('Voertuig: witte bestelwagen 1-ABC-123');
    expect(fullText).toContain('112');
    expect(subject).toBe('DRINGEND BIN-bericht: Inbraak in een woning');
  });

  it('given very long fields, the short text stays within 300 characters and ends on a whole word', () => {
    const words = Array.from({ length: 120 }, (_, i) => `woord${i}`).join(' ');
    const { shortText } = composeTexts('fr', { fields: { ...FIELDS, persons: words }, severity: 'red', kind: 'initial', exercise: true });
    expect(shortText.length).toBeLessThanOrEqual(SHORT_TEXT_MAX);
    expect(shortText.startsWith('EXERCICE – ')).toBe(true);
    expect(shortText.endsWith('Appelez le 101.')).toBe(true);
    const cutWord = /woord(\d+)…/.exec(shortText);
    expect(cutWord).not.toBeNull();
    expect(words.split(' ')).toContain(`woord${cutWord![1]}`);
  });

  it('given an exercise, every language marks subject, short and full text', () => {
    const texts = composeAllTexts({ fields: FIELDS, severity: 'green', kind: 'update', exercise: true });
    const markers = { nl: 'OEFENING', fr: 'EXERCICE', de: 'ÜBUNG', en: 'EXERCISE' } as const;
    for (const [locale, marker] of Object.entries(markers) as [keyof typeof markers, string][]) {
      expect(texts[locale].subject.startsWith(marker)).toBe(true);
      expect(texts[locale].shortText.startsWith(marker)).toBe(true);
      expect(texts[locale].fullText.startsWith(marker)).toBe(true);
    }
    expect(texts.de.fullText).toContain('Fahrzeug: witte bestelwagen');
    expect(texts.en.subject).toBe('EXERCISE – INFO Update: Inbraak in een woning');
  });

  it('given an edited text of an exercise without the marker, the marker is put back', () => {
    const edited = withExerciseMarker({ subject: 'Test', shortText: 'Kort', fullText: 'Lang' }, 'nl', true);
    expect(edited).toEqual({ subject: 'OEFENING – Test', shortText: 'OEFENING – Kort', fullText: 'OEFENING – Lang' });
  });

  it('truncation never cuts inside a word', () => {
    expect(truncateAtWord('een twee drie vier', 12)).toBe('een twee…');
    expect(truncateAtWord('kort', 12)).toBe('kort');
  });
});

describe('activation checklist', () => {
  it('given a complete checklist by day, a red alert may go out', () => {
    expect(checklistProblems('red', CHECKED, FIELDS, AFTERNOON)).toEqual([]);
  });

  it('given nothing ticked, a red alert lists every rule with its message', () => {
    const problems = checklistProblems('red', { ...CHECKED, happeningNow: false, concreteDescription: false, noDangerToResidents: false }, FIELDS, AFTERNOON);
    expect(problems.map((p) => p.messageKey)).toEqual(['alerts.checklist.happeningNow', 'alerts.checklist.concreteDescription', 'alerts.checklist.noDanger']);
  });

  it('given no person, vehicle or direction, the concrete-description box alone is not enough', () => {
    const problems = checklistProblems('red', CHECKED, { ...FIELDS, persons: '', vehicle: '', direction: ' ' }, AFTERNOON);
    expect(problems.map((p) => p.field)).toEqual(['concreteDescription']);
  });

  it('given night and not in the act, a red alert needs a written reason', () => {
    expect(isNight(NIGHT)).toBe(true);
    expect(checklistProblems('red', CHECKED, FIELDS, NIGHT).map((p) => p.field)).toEqual(['nightReason']);
    expect(checklistProblems('red', { ...CHECKED, nightReason: 'Gewapend, vlucht te voet' }, FIELDS, NIGHT)).toEqual([]);
    expect(checklistProblems('red', { ...CHECKED, inTheAct: true }, FIELDS, NIGHT)).toEqual([]);
  });

  it('given a green message, only "what happened" is required', () => {
    expect(checklistProblems('green', { ...CHECKED, happeningNow: false }, { ...FIELDS, persons: '' }, NIGHT)).toEqual([]);
    expect(checklistProblems('green', CHECKED, { ...FIELDS, what: ' ' }, NIGHT).map((p) => p.messageKey)).toEqual(['alerts.text.whatRequired']);
  });

  it('the alert status moves forward only', () => {
    expect(canTransitionAlert('sending', 'cancelled')).toBe(true);
    expect(canTransitionAlert('sent', 'sending')).toBe(false);
    expect(canTransitionAlert('cancelled', 'sending')).toBe(false);
  });
});
