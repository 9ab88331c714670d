import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError } from '../../shared/errors.ts';
import { handleForm } from '../../web/forms.ts';
import { acceptMultipart } from '../../web/multipart.ts';
import { parseInput } from '../../web/validation.ts';
import { setNetworkArea } from './network-areas.usecases.ts';
import { type UploadedFile, saveCharter } from './network-charter.usecases.ts';
import { mapBounds } from './network-map.usecases.ts';
import { AreaEditorPage } from './network-map.views.tsx';
import { MAX_CHARTER_BYTES } from './networks.models.ts';
import { AREA_BODY_LIMIT, mapSettings, networkPageForm } from './network-page.routes.tsx';
import { charterDateSchema } from './networks.schemas.ts';
import { getNetwork } from './networks.usecases.ts';

type IdParams = { Params: { id: string }; Querystring: Record<string, string | undefined> };

/** The file of a field as the flattened multipart body holds it (an empty file too: its use case says so). */
function uploadOf(body: Record<string, unknown>, name: string): UploadedFile | undefined {
  const value = body[name];
  return value && typeof value === 'object' && 'data' in value ? (value as UploadedFile) : undefined;
}

/**
 * The two forms that upload a file (the charter PDF, a GeoJSON area), in their own plugin scope:
 * multipart parsing exists only here and leaves every url-encoded form untouched.
 */
export function registerNetworkUploadRoutes(server: FastifyInstance, app: App): void {
  void server.register(async (scope) => {
    // The larger of the two files (an area); the charter route narrows its own limit below.
    await acceptMultipart(scope, { fileBytes: AREA_BODY_LIMIT - 1 });

    scope.post<IdParams>(
      '/networks/:id/charter',
      // One byte more than allowed tells an oversized file from one exactly at the limit.
      { config: { access: 'networks.manage', multipartOptions: { limits: { fileSize: MAX_CHARTER_BYTES + 1, files: 1, fields: 10, parts: 12 } } } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const text = { _csrf: '', signedOn: typeof body.signedOn === 'string' ? body.signedOn : '' };
        return networkPageForm(app, request, reply, 'charter', text, async () => {
          const { signedOn } = parseInput(charterDateSchema, text);
          await saveCharter({ app, by: request.state.by, networkId: request.params.id, signedOn, file: uploadOf(body, 'charter') });
          return `/networks/${request.params.id}?saved=charter`;
        });
      },
    );

    scope.post<IdParams>('/networks/:id/area/import', { config: { access: 'networks.manage' } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const network = await getNetwork({ actor, networks: app.networks, networkId: request.params.id });
      const file = uploadOf((request.body ?? {}) as Record<string, unknown>, 'file');
      const bounds = await mapBounds(app, [network]);
      return handleForm(
        reply,
        c,
        async () => {
          if (!file || file.data.length === 0) throw new ValidationError([{ field: 'file', messageKey: 'networks.area.fileRequired' }]);
          if (file.truncated) throw new ValidationError([{ field: 'file', messageKey: 'networks.area.fileTooLarge' }]);
          const summary = await setNetworkArea({ database: app.database, clock: app.clock, ids: app.ids, by, networkId: network.id, geojson: file.data.toString('utf8'), field: 'file' });
          reply.redirect(`/networks/${network.id}?saved=area&entered=${summary.entered}&left=${summary.left}`, 303);
        },
        (failure) => <AreaEditorPage c={c} network={network} map={mapSettings(app, bounds)} form={{ values: {}, errors: [] }} importForm={{ values: {}, ...failure }} />,
      );
    });
  });
}
