import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError } from '../../shared/errors.ts';
import { parseInput } from '../../web/validation.ts';
import { auditQuerySchema } from './audit.schemas.ts';
import { listAuditEntries } from './audit.usecases.ts';
import { AuditLogPage } from './audit.views.tsx';

export function registerAuditRoutes(server: FastifyInstance, app: App) {
  // Reading the log is deliberately not recorded in it: that would bury the actions it exists for.
  server.get('/admin/audit', { config: { access: 'audit.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const raw = request.query as Record<string, unknown>;
    let query;
    try {
      query = parseInput(auditQuerySchema, raw);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const action = typeof raw.action === 'string' ? raw.action : undefined;
      return reply.status(400).page(<AuditLogPage c={c} entries={[]} action={action} paged={false} nextBeforeSeq={null} errors={error.fields} />);
    }
    const page = await listAuditEntries({ actor, audit: app.audit, beforeSeq: query.beforeSeq, limit: query.limit, actionPrefix: query.action });
    return reply.page(<AuditLogPage c={c} entries={page.entries} action={query.action} paged={query.beforeSeq !== undefined} nextBeforeSeq={page.nextBeforeSeq} />);
  });
}
