import { z } from 'zod';

/** The two records of a coordinator's merge: the one that stays, and the one merged into it. */
export const mergeQuerySchema = z.object({ kept: z.string().min(1).max(64), merged: z.string().min(1).max(64) });

const side = z.enum(['kept', 'merged']).optional();

/** Per field, which record's value stays; a field not sent stays as the kept record has it. */
export const mergeFormSchema = z.object({ name: side, language: side, redChannels: side, greenChannels: side });
