import { z } from 'zod';
import { API_PREFIX, type ApiRoute, apiRoute } from '../../web/api/api.ts';
import type { AuditEntry } from './audit.models.ts';
import { auditQuerySchema } from './audit.schemas.ts';
import { listAuditEntries } from './audit.usecases.ts';

export const auditEntryOutputSchema = z.object({
  seq: z.number().int().describe('Position in the hash chain; pages go backwards with beforeSeq.'),
  at: z.iso.datetime().describe('ISO 8601, UTC'),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  zoneId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string().describe('SHA-256 of the entry and the previous hash (hex).'),
});

function entryJson(entry: AuditEntry): z.input<typeof auditEntryOutputSchema> {
  return {
    seq: entry.seq,
    at: new Date(entry.at).toISOString(),
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    zoneId: entry.zoneId,
    ip: entry.ip,
    details: JSON.parse(entry.details) as Record<string, unknown>,
    hash: entry.hash,
  };
}

export const auditApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/audit`,
    operationId: 'listAuditEntries',
    summary: 'Audit log entries the caller may read, newest first (zone administrators: their zones).',
    tag: 'audit',
    access: 'audit.read',
    query: auditQuerySchema,
    response: z.object({
      items: z.array(auditEntryOutputSchema),
      nextBeforeSeq: z.number().int().nullable().describe('Pass as beforeSeq for the next, older page; null on the last page.'),
    }),
    handler: async ({ app, state, query }) => {
      const page = await listAuditEntries({ actor: state.actor, audit: app.audit, beforeSeq: query.beforeSeq, limit: query.limit, actionPrefix: query.action });
      return { items: page.entries.map(entryJson), nextBeforeSeq: page.nextBeforeSeq };
    },
  }),
];
