import { z } from 'zod';

/** The report's year from the query string; absent: the current year (the route fills it in). */
export const evaluationQuerySchema = z.object({
  year: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(2000, 'evaluation.yearInvalid').max(2100, 'evaluation.yearInvalid').optional()),
});
