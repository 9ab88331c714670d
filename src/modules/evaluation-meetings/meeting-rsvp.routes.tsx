import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { agendaPointSchema, rsvpSchema, surveySchema } from './evaluation-meetings.schemas.ts';
import { answerSurvey, openInvitation, proposeAgendaPoint, respondToInvitation } from './meeting-replies.usecases.ts';
import { type RsvpForms, RsvpPage } from './meeting-rsvp.views.tsx';

type RsvpParams = { Params: { inviteeId: string; token: string }; Querystring: { saved?: string } };

const SAVED = { rsvp: 'meetings.rsvp.saved', agenda: 'meetings.agendaPoint.saved', survey: 'meetings.survey.saved' } as const;

/**
 * The invitee's side: public routes whose credential is the HMAC token in the link of their
 * invitation (like the member's alert link). A wrong token answers 404, as for an unknown invitee.
 */
export function registerMeetingRsvpRoutes(server: FastifyInstance, app: App) {
  const pathOf = (params: RsvpParams['Params']) => `/rsvp/${encodeURIComponent(params.inviteeId)}/${encodeURIComponent(params.token)}`;

  server.get<RsvpParams>('/rsvp/:inviteeId/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const invitation = await openInvitation({ app, ...request.params });
    const saved = Object.entries(SAVED).find(([form]) => form === request.query.saved)?.[1];
    // The link is the credential: keep it out of other sites' logs.
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<RsvpPage c={c} invitation={invitation} path={pathOf(request.params)} notice={saved ? c.t(saved) : undefined} />);
  });

  const forms = [
    { form: 'rsvp', suffix: '', save: async (params: RsvpParams['Params'], values: Record<string, unknown>) => respondToInvitation({ app, ...params, response: parseInput(rsvpSchema, values).response }) },
    { form: 'agenda', suffix: '/agenda', save: async (params: RsvpParams['Params'], values: Record<string, unknown>) => proposeAgendaPoint({ app, ...params, text: parseInput(agendaPointSchema, values).text }) },
    { form: 'survey', suffix: '/survey', save: async (params: RsvpParams['Params'], values: Record<string, unknown>) => answerSurvey({ app, ...params, input: parseInput(surveySchema, values) }) },
  ] as const;

  for (const { form, suffix, save } of forms) {
    server.post<RsvpParams>(`/rsvp/:inviteeId/:token${suffix}`, { config: { access: 'public' } }, async (request, reply) => {
      const { c } = request.state;
      const invitation = await openInvitation({ app, ...request.params });
      const values = formBody(request.body) as RsvpForms['values'];
      reply.header('referrer-policy', 'no-referrer');
      return handleForm(
        reply,
        c,
        async () => {
          await save(request.params, values);
          reply.redirect(`${pathOf(request.params)}?saved=${form}`, 303);
        },
        (failure) => <RsvpPage c={c} invitation={invitation} path={pathOf(request.params)} failed={{ form, values, ...failure }} />,
      );
    });
  }
}
