import { z } from 'zod';

export const NOTE_MAX = 2000;

/** A police note on an incident's timeline. */
export const incidentNoteSchema = z.object({
  body: z.string().trim().min(1, 'console.incident.noteRequired').max(NOTE_MAX, 'console.incident.noteTooLong'),
});

export type IncidentNoteInput = z.output<typeof incidentNoteSchema>;
