import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { handleForm } from '../../web/forms.ts';
import { acceptMultipart } from '../../web/multipart.ts';
import { MAX_IMPORT_BYTES } from './member-import.models.ts';
import { checkMemberList, getImportCheck, runMemberImport } from './member-import.usecases.ts';
import { ImportReportPage, ImportUploadPage } from './member-import.views.tsx';
import { networkFor } from './member-list.usecases.ts';

type NetworkRequest = { Params: { id: string; importId?: string } };

/** An uploaded file as the use case takes it, and whether it went past the size limit. */
type Upload = { filename: string; data: Buffer; truncated: boolean };

function uploadOf(body: unknown): Upload | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  return value && typeof value === 'object' && 'data' in value ? (value as Upload) : undefined;
}

/**
 * The CSV import of a coordinator's member list: upload and dry run, the report, the import. The
 * upload form is multipart, parsed only in this plugin scope.
 */
export function registerMemberImportRoutes(server: FastifyInstance, app: App) {
  server.get<NetworkRequest>('/networks/:id/import', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const network = await networkFor(app, actor, request.params.id, 'members.manage');
    return reply.page(<ImportUploadPage c={c} network={network} />);
  });

  server.get<NetworkRequest>('/networks/:id/import/:importId', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const check = await getImportCheck({ app, actor, networkId: request.params.id, importId: request.params.importId ?? '' });
    reply.header('cache-control', 'no-store');
    return reply.page(<ImportReportPage c={c} check={check} />);
  });

  server.post<NetworkRequest>('/networks/:id/import/:importId', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const networkId = request.params.id;
    const importId = request.params.importId ?? '';
    try {
      const outcome = await runMemberImport({ app, by, networkId, importId });
      return reply.redirect(`/networks/${networkId}/members?imported=${outcome.created}&linked=${outcome.linked}&invited=${outcome.invited}`, 303);
    } catch (error) {
      // A second click on "import" shows the report again, saying why nothing happened.
      if (!isAppError(error) || error.kind !== 'conflict') throw error;
      const check = await getImportCheck({ app, actor, networkId, importId });
      return reply.status(409).page(<ImportReportPage c={c} check={check} message={c.tDynamic(error.messageKey, error.values)} />);
    }
  });

  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: MAX_IMPORT_BYTES, fields: 5 });

    scope.post<NetworkRequest>('/networks/:id/import', { config: { access: 'members.manage' } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const network = await networkFor(app, actor, request.params.id, 'members.manage');
      const upload = uploadOf(request.body);
      return handleForm(
        reply,
        c,
        async () => {
          if (upload?.truncated) {
            throw new AppError({ code: 'member_import.too_large', kind: 'invalid', messageKey: 'coordinator.import.error.tooLarge', values: { max: MAX_IMPORT_BYTES / 1024 / 1024 } });
          }
          const check = await checkMemberList({ app, by, networkId: network.id, file: upload && { name: upload.filename, data: upload.data } });
          reply.redirect(`/networks/${network.id}/import/${check.id}`, 303);
        },
        (failure) => <ImportUploadPage c={c} network={network} message={failure.message} />,
      );
    });
  });
}
