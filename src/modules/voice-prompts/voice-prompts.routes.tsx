import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { acceptMultipart, textField, uploadedFile } from '../../web/multipart.ts';
import { PROMPT_MAX_BYTES } from './voice-prompts.models.ts';
import { listVoicePrompts, removeVoicePrompt, uploadVoicePrompt } from './voice-prompts.usecases.ts';
import { VoicePromptsPage } from './voice-prompts.views.tsx';

type ZoneParams = { Params: { id: string }; Querystring: { uploaded?: string; removed?: string } };

/** A zone's recorded call prompts (zone admin: `zones.update`). The upload is a multipart form in a scope of its own. */
export function registerVoicePromptsRoutes(server: FastifyInstance, app: App): void {
  const page = (id: string) => `/zones/${encodeURIComponent(id)}/voice-prompts`;

  server.get<ZoneParams>('/zones/:id/voice-prompts', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const overview = await listVoicePrompts({ app, actor: actor!, zoneId: request.params.id });
    const notice = request.query.uploaded ? c.t('voicePrompts.uploaded') : request.query.removed ? c.t('voicePrompts.removed') : undefined;
    return reply.page(<VoicePromptsPage c={c} overview={overview} form={{ values: {}, errors: [] }} notice={notice} />);
  });

  server.post<ZoneParams>('/zones/:id/voice-prompts/remove', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const values = formBody(request.body) as Record<string, string | undefined>;
    const overview = await listVoicePrompts({ app, actor: actor!, zoneId: request.params.id });
    return handleForm(
      reply,
      c,
      async () => {
        await removeVoicePrompt({ app, by, zoneId: overview.zone.id, language: values.language ?? '', kind: values.kind ?? '' });
        reply.redirect(`${page(overview.zone.id)}?removed=1`, 303);
      },
      (failure) => <VoicePromptsPage c={c} overview={overview} form={{ values: {}, ...failure }} />,
    );
  });

  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: PROMPT_MAX_BYTES, fields: 4 });
    scope.post<ZoneParams>('/zones/:id/voice-prompts', { config: { access: 'zones.update' } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const overview = await listVoicePrompts({ app, actor: actor!, zoneId: request.params.id });
      const values = { language: textField(request.body, 'language'), kind: textField(request.body, 'kind') };
      return handleForm(
        reply,
        c,
        async () => {
          await uploadVoicePrompt({ app, by, zoneId: overview.zone.id, ...values, file: uploadedFile(request.body, 'file') });
          reply.redirect(`${page(overview.zone.id)}?uploaded=1`, 303);
        },
        (failure) => <VoicePromptsPage c={c} overview={overview} form={{ values, ...failure }} />,
      );
    });
  });
}
