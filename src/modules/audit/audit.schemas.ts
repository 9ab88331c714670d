import { z } from 'zod';

/** An empty query value (a form's blank field) means "not given". */
const blankAsMissing = (v: unknown) => (v === '' ? undefined : v);

/** The audit log's paging and filter, from a page's query string or the API's. */
export const auditQuerySchema = z.object({
  beforeSeq: z.preprocess(blankAsMissing, z.coerce.number().int().positive().optional()),
  limit: z.preprocess(blankAsMissing, z.coerce.number().int().min(1).max(200).default(50)),
  action: z.preprocess(blankAsMissing, z.string().trim().max(60).regex(/^[a-z0-9_.]+$/, 'audit.actionFormat').optional()),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;
