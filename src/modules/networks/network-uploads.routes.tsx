import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError } from '../../shared/errors.ts';
import { handleForm } from '../../web/forms.ts';
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

/** A file part read into memory, with whether it went past the route's size limit. */
type ReadFile = MultipartFile & { data?: Buffer; truncated?: boolean };

/**
 * Reads a file part to the end. Past the limit busboy stops filling it and marks it truncated;
 * the use case then refuses it with a clear message instead of a bare HTTP 413.
 */
async function readPart(this: FastifyRequest, part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  Object.assign(part, { data: Buffer.concat(chunks), truncated: part.file.truncated });
}

/**
 * Multipart fields arrive as objects; turn them into plain values (text fields) and UploadedFile
 * (files), so the server's CSRF check finds `_csrf` as it does in url-encoded forms.
 */
async function flattenMultipartBody(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
  const flat: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(request.body as Record<string, unknown>)) {
    const part = (Array.isArray(field) ? field[0] : field) as ReadFile | { value?: unknown };
    if ('file' in part && part.type === 'file') {
      const upload: UploadedFile = { filename: part.filename, mimetype: part.mimetype, data: part.data ?? Buffer.alloc(0), truncated: part.truncated ?? false };
      flat[name] = upload;
    } else {
      flat[name] = (part as { value?: unknown }).value;
    }
  }
  request.body = flat;
}

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
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: true,
      throwFileSizeLimit: false,
      onFile: readPart,
      limits: { fileSize: AREA_BODY_LIMIT, files: 1, fields: 10, parts: 12, fieldSize: 64 * 1024 },
    });
    scope.addHook('preValidation', flattenMultipartBody);

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
