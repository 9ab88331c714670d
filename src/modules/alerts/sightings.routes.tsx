import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { handleForm } from '../../web/forms.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { acceptMultipart, textField, uploadedFile } from '../../web/multipart.ts';
import type { MemberAlertView } from './alerts.usecases.ts';
import { viewMemberAlert } from './alerts.usecases.ts';
import { MemberAlertPage } from './alerts.views.tsx';
import { sendSighting, sightingPageState, sightingPhoto } from './sightings.usecases.ts';
import type { SightingSectionProps } from './sightings.views.tsx';

type LinkParams = { Params: { alertId: string; personId: string; token: string } };
type IdParams = { Params: { id: string } };

/** The member's link as requested, without a query: the acknowledgement form posts here. */
export function memberLinkPath(request: FastifyRequest): string {
  return request.url.split('?')[0]!.replace(/\/sightings$/, '');
}

/** The sighting part of the member's alert page; `?sighting=sent` is where a sent form lands. */
export async function sightingSection({ app, request, view }: { app: App; request: FastifyRequest; view: MemberAlertView }): Promise<SightingSectionProps> {
  const { personId } = request.params as LinkParams['Params'];
  const state = await sightingPageState({ app, view, personId });
  const justSent = request.method === 'GET' && (request.query as { sighting?: string } | undefined)?.sighting === 'sent';
  return { state, action: `${memberLinkPath(request)}/sightings`, justSent };
}

/**
 * Sightings: members send them from the alert page (public, the signed link is the proof, a
 * multipart form in a plugin scope of its own); staff of the zone read their photos.
 */
export function registerSightingsRoutes(server: FastifyInstance, app: App): void {
  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: app.config.alerts.sightingPhotoMaxBytes, fields: 4 });

    scope.post<LinkParams>('/a/:alertId/:personId/:token/sightings', { config: { access: 'public' } }, async (request, reply) => {
      const view = await viewMemberAlert({ app, link: request.params });
      const c = { ...request.state.c, ...createTranslator(view.locale) };
      const text = textField(request.body, 'text');
      const linkPath = memberLinkPath(request);
      // The state as it was: a refused form changed nothing, so the page is shown as it stood.
      const state = await sightingPageState({ app, view, personId: request.params.personId });
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return handleForm(
        reply,
        c,
        async () => {
          await sendSighting({ app, link: request.params, text, photo: uploadedFile(request.body, 'photo'), ip: request.ip });
          reply.redirect(`${linkPath}?sighting=sent#sighting`, 303);
        },
        (failure) => <MemberAlertPage c={c} view={view} action={linkPath} sighting={{ state, action: `${linkPath}/sightings`, form: { text, ...failure } }} />,
      );
    });
  });

  server.get<IdParams>('/sightings/:id/photo', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const photo = await sightingPhoto({ app, actor: request.state.actor!, sightingId: request.params.id });
    return reply
      .header('content-type', photo.type)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline')
      .send(photo.data);
  });
}
