/**
 * The line's prompts as audio, ready before the first call: every prompt of every language is
 * synthesised (espeak-ng, cached on disk by src/channels/voice/speech.ts) when the line starts and
 * kept in memory, so the first call after a start answers exactly like the hundredth. Prompts
 * with values (a network's name, a count) are synthesised when said and kept as well.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Speech } from '../../channels/voice/speech.ts';
import { LOCALES, type Locale } from '../../web/i18n/locales.ts';
import { dialInMessages } from './dial-in.messages.ts';
import { PROMPTS, type Prompt } from './dial-in.models.ts';

/** Values known in advance, warmed too: the numbers of the first alerts a member hears. */
const WARM_VALUES: Partial<Record<Prompt, Record<string, string>[]>> = {
  memberAlert: ['1', '2', '3', '4', '5'].map((number) => ({ number })),
  locked: [{ minutes: '15' }],
};
/** Placeholder values for prompts whose values are only known during a call (they are made then). */
const SAMPLE_VALUES: Record<string, string> = { number: '1', minutes: '15', code: '1', names: '-', people: '0', calls: '0', sms: '0', push: '0' };
/** Prompts that carry values only known during a call: not warmed. */
export const MADE_DURING_CALL: ReadonlySet<Prompt> = new Set(['networkWrong', 'readBack']);
/** Prompts kept in memory beyond the warmed ones, before the oldest are dropped. */
const MAX_EXTRA = 500;

export function promptText(prompt: Prompt, language: Locale, values: Record<string, string> = {}): string {
  return String(new IntlMessageFormat(dialInMessages[language][`dialIn.prompt.${prompt}`], language).format({ ...SAMPLE_VALUES, ...values }));
}

export function createPromptAudio({ speech, locales = LOCALES }: { speech: Speech; locales?: readonly Locale[] }) {
  const audio = new Map<string, Promise<Int16Array>>();
  const warmed = new Set<string>();
  const keyOf = (language: Locale, text: string) => `${language}\u0000${text}`;

  function load(language: Locale, text: string): Promise<Int16Array> {
    const key = keyOf(language, text);
    let pcm = audio.get(key);
    if (!pcm) {
      pcm = speech.synthesize({ text, language });
      // A failure is not kept: the next call tries again.
      pcm.catch(() => audio.delete(key));
      audio.set(key, pcm);
    }
    return pcm;
  }

  return {
    /** Synthesises every prompt in every language, two at a time (espeak-ng runs as a child process). */
    async warm(): Promise<{ prompts: number }> {
      const jobs: (() => Promise<unknown>)[] = [];
      for (const language of locales) {
        for (const prompt of PROMPTS) {
          if (MADE_DURING_CALL.has(prompt)) continue;
          for (const values of WARM_VALUES[prompt] ?? [{}]) {
            const text = promptText(prompt, language, values);
            warmed.add(keyOf(language, text));
            jobs.push(() => load(language, text));
          }
        }
      }
      const total = jobs.length;
      const worker = async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      };
      await Promise.all([worker(), worker()]);
      return { prompts: total };
    },
    /** The audio of a prompt in a language, from memory when warmed. */
    get(prompt: Prompt, language: Locale, values?: Record<string, string>): Promise<Int16Array> {
      const text = promptText(prompt, language, values);
      if (!audio.has(keyOf(language, text)) && audio.size - warmed.size >= MAX_EXTRA) {
        // Prompts with values (names, counts) are many: the oldest of those goes first.
        for (const key of audio.keys()) {
          if (warmed.has(key)) continue;
          audio.delete(key);
          break;
        }
      }
      return load(language, text);
    },
  };
}

export type PromptAudio = ReturnType<typeof createPromptAudio>;
