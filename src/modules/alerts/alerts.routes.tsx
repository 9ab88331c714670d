import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import type { VNode } from 'preact';
import { AppError, ValidationError, isAppError } from '../../shared/errors.ts';
import { STATUS_BY_KIND } from '../../web/error-mapping.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import { type FormFailure, formBody, handleForm } from '../../web/forms.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { LOCALES, type Locale } from '../../web/i18n/locales.ts';
import { parseInput } from '../../web/validation.ts';
import { type ComposeOption, composeAreas, composeOptions, countTarget, followUpContext, previewAlert, sendComposedAlert, sendFollowUp, sendTestToSelf } from './alert-compose.usecases.ts';
import { alertLinkPath } from './alert-links.models.ts';
import { createAlertShortLinksRepository } from './alert-short-links.repository.ts';
import { acknowledgeByLink, cancelAlert, viewMemberAlert } from './alerts.usecases.ts';
import { getAlertTemplate, templatesForComposer } from '../alert-settings/alert-settings.usecases.ts';
import { MAX_POLYGON_TEXT, composeSchema, countSchema, followUpSchema } from './alerts.schemas.ts';
import { ComposePage, type FormValues, FollowUpPage, MemberAlertPage, PreviewPage } from './alerts.views.tsx';
import { memberLinkPath, sightingSection } from './sightings.routes.tsx';
import { reportForComposer } from '../reports/report-triage.usecases.ts';
import { ratingSection } from '../reports/alert-rating.routes.tsx';

type IdParams = { Params: { id: string } };
type LinkParams = { Params: { alertId: string; personId: string; token: string } };

const FOLLOW_UP_KINDS = ['update', 'result'] as const;
/** The texts the sender edits on the preview, per language. */
const EDITED_TEXT = /^(shortText|fullText)_/;
/** The languages the preview offers for editing: the zone's, or all four. */
function previewLanguages(options: readonly ComposeOption[], zoneId: string): readonly Locale[] {
  const zone = options.find((option) => option.zone.id === zoneId)?.zone;
  return zone?.languages.length ? zone.languages : LOCALES;
}

/** The composer's forms may carry a drawn area: room for it, and for the rest of the form. */
const ALERT_FORM_BODY_LIMIT = MAX_POLYGON_TEXT + 1024 * 1024;

/**
 * Composing and sending alerts (police), cancelling one in flight, updates and the result on an
 * incident, and the member's page behind the signed link. The live view of an alert (`/alerts/:id`)
 * and the incident timeline belong to the console.
 */
export function registerAlertsRoutes(server: FastifyInstance, app: App) {
  const newRequestKey = () => app.ids.token(16);

  server.get<{ Querystring: { template?: string; report?: string } }>('/alerts/new', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const options = await composeOptions({ app, actor: actor! });
    const templates = await templatesForComposer({ app, actor: actor!, zoneIds: options.map((option) => option.zone.id) });
    // "Start from a template" (a GET form, no JavaScript needed): its zone, type and fields filled in.
    const template = request.query.template ? await getAlertTemplate({ app, actor: actor!, templateId: request.query.template }) : undefined;
    // "Create an alert from this report" (triage page): its zone, what, where and when, as green.
    const report = request.query.report ? await reportForComposer({ app, actor: actor!, reportId: request.query.report }) : undefined;
    const values: FormValues = template ? { requestKey: newRequestKey(), zoneId: template.zoneId, severity: template.severity, ...template.fields } : report ? { requestKey: newRequestKey(), severity: 'green', ...report } : { requestKey: newRequestKey(), severity: 'red' };
    return reply.header('cache-control', 'no-store').page(<ComposePage c={c} options={options} templates={templates} form={{ values, errors: [] }} />);
  });

  // "Back to the form" from the preview: the values as they were, the same request key.
  server.post('/alerts/new/edit', { config: { access: 'alerts.publish' }, bodyLimit: ALERT_FORM_BODY_LIMIT }, async (request, reply) => {
    const { c, actor } = request.state;
    const options = await composeOptions({ app, actor: actor! });
    return reply.page(<ComposePage c={c} options={options} form={{ values: formBody(request.body) as FormValues, errors: [] }} />);
  });

  /**
   * A form that failed: errors in the texts edited on the preview come back on the preview, with the
   * composed alert and the texts as typed (never lost to an error page); others on the composer.
   */
  async function failedForm(c: ViewContext, actor: Actor, values: FormValues, failure: FormFailure): Promise<VNode> {
    const options = await composeOptions({ app, actor });
    if (failure.errors.some((error) => EDITED_TEXT.test(error.field))) {
      const assembled = Object.fromEntries(Object.entries(values).filter(([name]) => !EDITED_TEXT.test(name)));
      try {
        const input = parseInput(composeSchema, assembled);
        const preview = await previewAlert({ app, actor, input });
        return <PreviewPage c={c} preview={preview} form={{ values, ...failure }} languages={previewLanguages(options, input.zoneId)} />;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
    }
    return <ComposePage c={c} options={options} form={{ values, ...failure }} />;
  }

  server.post('/alerts/preview', { config: { access: 'alerts.publish' }, bodyLimit: ALERT_FORM_BODY_LIMIT }, async (request, reply) => {
    const { c, actor } = request.state;
    const values = formBody(request.body) as FormValues;
    try {
      const input = parseInput(composeSchema, values);
      const preview = await previewAlert({ app, actor: actor!, input });
      const options = await composeOptions({ app, actor: actor! });
      return reply.header('cache-control', 'no-store').page(<PreviewPage c={c} preview={preview} form={{ values, errors: [] }} languages={previewLanguages(options, input.zoneId)} />);
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(await failedForm(c, actor!, values, { errors: error.fields }));
      throw error;
    }
  });

  // "Send a test to myself" from the preview: the same preview again, with what happened.
  server.post('/alerts/test', { config: { access: 'alerts.publish' }, bodyLimit: ALERT_FORM_BODY_LIMIT }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const values = formBody(request.body) as FormValues;
    try {
      const input = parseInput(composeSchema, values);
      const preview = await previewAlert({ app, actor: actor!, input });
      const languages = previewLanguages(await composeOptions({ app, actor: actor! }), input.zoneId);
      return await handleForm(
        reply,
        c,
        async () => {
          const { email } = await sendTestToSelf({ app, by, input, locale: c.locale });
          reply.header('cache-control', 'no-store').page(<PreviewPage c={c} preview={preview} form={{ values, errors: [] }} languages={languages} notice={c.t('alerts.preview.testSent', { email })} />);
        },
        (failure) => <PreviewPage c={c} preview={preview} form={{ values, ...failure }} languages={languages} />,
      );
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(await failedForm(c, actor!, values, { errors: error.fields }));
      throw error;
    }
  });

  // The composer's map and live count (assets/alert-compose.js); the form works without them.
  server.get<{ Params: { zoneId: string } }>('/alerts/map/:zoneId/areas.geojson', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const collection = await composeAreas({ app, actor: request.state.actor!, zoneId: request.params.zoneId });
    return reply.header('cache-control', 'no-store').type('application/geo+json; charset=utf-8').send(JSON.stringify(collection));
  });

  server.post('/alerts/count', { config: { access: 'alerts.publish' }, bodyLimit: ALERT_FORM_BODY_LIMIT }, async (request, reply) => {
    const { c, actor } = request.state;
    try {
      return await countTarget({ app, actor: actor!, input: parseInput(countSchema, formBody(request.body)) });
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).send({ errors: error.fields.map((field) => ({ field: field.field, message: c.tDynamic(field.messageKey, field.values, 'form.invalid') })) });
      throw error;
    }
  });

  server.post('/alerts', { config: { access: 'alerts.publish' }, bodyLimit: ALERT_FORM_BODY_LIMIT }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const values = formBody(request.body) as FormValues;
    try {
      const { alert } = await sendComposedAlert({ app, by, input: parseInput(composeSchema, values) });
      return reply.redirect(`/alerts/${encodeURIComponent(alert.id)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(await failedForm(c, actor!, values, { errors: error.fields }));
      if (isAppError(error) && (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'rate_limited')) {
        return reply.status(STATUS_BY_KIND[error.kind]).page(await failedForm(c, actor!, values, { errors: [], message: c.tDynamic(error.messageKey, error.values) }));
      }
      throw error;
    }
  });

  server.post<IdParams>('/alerts/:id/cancel', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    await cancelAlert({ app, by: request.state.by, alertId: request.params.id });
    return reply.redirect(`/alerts/${encodeURIComponent(request.params.id)}`, 303);
  });

  for (const kind of FOLLOW_UP_KINDS) {
    server.get<IdParams>(`/incidents/:id/${kind}`, { config: { access: 'alerts.publish' } }, async (request, reply) => {
      const { c, actor } = request.state;
      const { id } = request.params;
      const first = await followUpContext({ app, actor: actor!, incidentId: id });
      const values: FormValues = { requestKey: newRequestKey(), severity: 'green', where: first.fields.where, persons: first.fields.persons, vehicle: first.fields.vehicle };
      return reply.header('cache-control', 'no-store').page(<FollowUpPage c={c} incidentId={id} kind={kind} form={{ values, errors: [] }} />);
    });

    server.post<IdParams>(`/incidents/:id/${kind}`, { config: { access: 'alerts.publish' } }, async (request, reply) => {
      const { c, by } = request.state;
      const { id } = request.params;
      const values = formBody(request.body) as FormValues;
      return handleForm(
        reply,
        c,
        async () => {
          const { alert } = await sendFollowUp({ app, by, incidentId: id, kind, input: parseInput(followUpSchema, values) });
          reply.redirect(`/alerts/${encodeURIComponent(alert.id)}`, 303);
        },
        (failure) => <FollowUpPage c={c} incidentId={id} kind={kind} form={{ values, ...failure }} />,
      );
    });
  }

  // The short link of an SMS: a random code that stands for the member's signed link.
  server.get<{ Params: { code: string } }>('/s/:code', { config: { access: 'public' } }, async (request, reply) => {
    const link = await createAlertShortLinksRepository({ database: app.database }).resolve(request.params.code);
    if (!link) throw new AppError({ code: 'alerts.short_link_not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(alertLinkPath(app.config.security.sessionSecret, link.alertId, link.personId), 303);
  });

  // The member's link: public, the token is the proof. GET only shows the alert.
  server.get<LinkParams>('/a/:alertId/:personId/:token', { config: { access: 'public' } }, async (request, reply) => {
    const view = await viewMemberAlert({ app, link: request.params });
    const c = { ...request.state.c, ...createTranslator(view.locale) };
    const sighting = await sightingSection({ app, request, view });
    const rating = await ratingSection({ app, request, view });
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').page(<MemberAlertPage c={c} view={view} action={memberLinkPath(request)} sighting={sighting} rating={rating} />);
  });

  server.post<LinkParams>('/a/:alertId/:personId/:token', { config: { access: 'public' } }, async (request, reply) => {
    const view = await acknowledgeByLink({ app, link: request.params });
    const c = { ...request.state.c, ...createTranslator(view.locale) };
    const sighting = await sightingSection({ app, request, view });
    const rating = await ratingSection({ app, request, view });
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').page(<MemberAlertPage c={c} view={view} action={memberLinkPath(request)} sighting={sighting} rating={rating} />);
  });
}
