import { describe, expect, it } from 'vitest';
import type { Speech } from '../../channels/voice/speech.ts';
import { LOCALES } from '../../web/i18n/locales.ts';
import { PROMPTS } from './dial-in.models.ts';
import { MADE_DURING_CALL, createPromptAudio, promptText } from './dial-in.prompts.ts';

/** A speech engine that notes what it was asked to say (the test is about which texts, not the sound). */
function countingSpeech(failFirst = 0) {
  const asked: string[] = [];
  let failures = failFirst;
  const speech = {
    synthesize: async ({ text, language }: { text: string; language: string }) => {
      asked.push(`${language}:${text}`);
      if (failures-- > 0) throw new Error('espeak-ng busy');
      return new Int16Array(160);
    },
  } as unknown as Speech;
  return { speech, asked };
}

describe('the prompts of the dial-in line', () => {
  it('given the line started, every prompt of every language is synthesised before the first call, and a call synthesises none but those naming its networks', async () => {
    const { speech, asked } = countingSpeech();
    const prompts = createPromptAudio({ speech });
    await prompts.warm();
    for (const language of LOCALES) expect(asked).toContain(`${language}:${promptText('welcome', language)}`);
    expect(asked.length).toBeGreaterThanOrEqual((PROMPTS.length - MADE_DURING_CALL.size) * LOCALES.length);
    const before = asked.length;
    for (const language of LOCALES) {
      for (const prompt of PROMPTS.filter((candidate) => !MADE_DURING_CALL.has(candidate))) await prompts.get(prompt, language, { number: '1' });
    }
    expect(asked).toHaveLength(before);
  });

  it('given a prompt whose synthesis failed, the next call tries it again', async () => {
    const { speech, asked } = countingSpeech(1);
    const prompts = createPromptAudio({ speech, locales: ['nl'] });
    await expect(prompts.get('welcome', 'nl')).rejects.toThrow('espeak-ng busy');
    await expect(prompts.get('welcome', 'nl')).resolves.toHaveLength(160);
    expect(asked).toEqual([`nl:${promptText('welcome', 'nl')}`, `nl:${promptText('welcome', 'nl')}`]);
  });

  it('every prompt has a text in every language', () => {
    for (const language of LOCALES) for (const prompt of PROMPTS) expect(promptText(prompt, language, { number: '1' }).length).toBeGreaterThan(0);
  });
});
