import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { type MemberAlertView, viewMemberAlert } from '../alerts/alerts.usecases.ts';
import { MemberAlertPage } from '../alerts/alerts.views.tsx';
import { sightingPageState } from '../alerts/sightings.usecases.ts';
import type { RatingSectionProps } from './alert-rating.views.tsx';
import { currentRating, rateAlert } from './alert-ratings.usecases.ts';

type LinkParams = { Params: { alertId: string; personId: string; token: string } };

/** The member's link as requested, without a query or a sub-path of its forms. */
const linkPathOf = (request: FastifyRequest) => request.url.split('?')[0]!.replace(/\/(rating|sightings)$/, '');

/** The rating part of the member's alert page; `?rating=saved` is where a stored rating lands. */
export async function ratingSection({ app, request, view }: { app: App; request: FastifyRequest; view: MemberAlertView }): Promise<RatingSectionProps> {
  const { personId } = request.params as LinkParams['Params'];
  const justSaved = request.method === 'GET' && (request.query as { rating?: string } | undefined)?.rating === 'saved';
  return { action: `${linkPathOf(request)}/rating`, current: await currentRating({ app, alertId: view.alert.id, personId }), justSaved };
}

/** "Was this message useful?": public, the signed link of the alert page is the proof. */
export function registerAlertRatingRoutes(server: FastifyInstance, app: App): void {
  server.post<LinkParams>('/a/:alertId/:personId/:token/rating', { config: { access: 'public' } }, async (request, reply) => {
    const view = await viewMemberAlert({ app, link: request.params });
    const c = { ...request.state.c, ...createTranslator(view.locale) };
    const body = formBody(request.body);
    const linkPath = linkPathOf(request);
    // The page as it stood: a refused rating changed nothing.
    const sighting = { state: await sightingPageState({ app, view, personId: request.params.personId }), action: `${linkPath}/sightings` };
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return handleForm(
      reply,
      c,
      async () => {
        await rateAlert({ app, link: request.params, fields: body, ip: request.ip });
        reply.redirect(`${linkPath}?rating=saved#rating`, 303);
      },
      (failure) => {
        const rating: RatingSectionProps = { action: `${linkPath}/rating`, form: { useful: typeof body.useful === 'string' ? body.useful : undefined, comment: typeof body.comment === 'string' ? body.comment : '', ...failure } };
        return <MemberAlertPage c={c} view={view} action={linkPath} sighting={sighting} rating={rating} />;
      },
    );
  });
}
