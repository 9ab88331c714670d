import { z } from 'zod';
import { SIGHTING_TEXT_MAX } from './sightings.models.ts';

/**
 * The text of the "What did you see?" form (the photo is checked by the use case, from its bytes).
 * Every issue carries a catalogue key: the use case shows them beside the photo's problems.
 */
export const sightingSchema = z.object({
  text: z.string({ error: 'sightings.textRequired' }).trim().min(1, 'sightings.textRequired').max(SIGHTING_TEXT_MAX, 'sightings.textTooLong'),
});

export type SightingInput = z.output<typeof sightingSchema>;
