import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { AppError } from '../../shared/errors.ts';
import { getZone } from '../zones/zones.usecases.ts';
import { allowedCallersInputSchema, parseAllowedCallers, pinInputSchema } from './dial-in.schemas.ts';
import { allowedCallers, dialInStatus, saveAllowedCallers, setDialInPin, spokenAlertAudio } from './dial-in.usecases.ts';
import { AllowedCallersPage, PhoneAccessPage, RecordedUpdatePage } from './dial-in.views.tsx';
import { RECORDING_MAX_BYTES, recordedUpdateContext, sendRecordedUpdate } from './recorded-update.usecases.ts';
import { acceptMultipart, textField, uploadedFile } from '../../web/multipart.ts';

type ZoneParams = { Params: { id: string }; Querystring: { saved?: string } };

/** The police user's PIN, the zone's caller allow-list, and the recording of a spoken alert. */
export function registerDialInRoutes(server: FastifyInstance, app: App) {
  server.get<{ Querystring: { saved?: string } }>('/account/phone-access', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const status = await dialInStatus({ app, actor: actor! });
    return reply.page(<PhoneAccessPage c={c} status={status} form={{ errors: [] }} saved={request.query.saved === '1'} />);
  });

  server.post('/account/phone-access', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const body = formBody(request.body);
    const status = await dialInStatus({ app, actor: actor! });
    return handleForm(
      reply,
      c,
      async () => {
        const { pin } = parseInput(pinInputSchema, body);
        await setDialInPin({ app, by, pin });
        reply.redirect('/account/phone-access?saved=1', 303);
      },
      // The PIN typed is never sent back.
      (failure) => <PhoneAccessPage c={c} status={status} form={failure} />,
    );
  });

  server.get<ZoneParams>('/admin/zones/:id/dial-in', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const zone = await getZone({ actor: request.state.actor!, zones: app.zones, zoneId: request.params.id });
    const numbers = await allowedCallers({ app, actor, zoneId: zone.id });
    return reply.page(<AllowedCallersPage c={c} zone={zone} numbers={numbers.join('\n')} form={{ errors: [] }} saved={request.query.saved === '1'} />);
  });

  server.post<ZoneParams>('/admin/zones/:id/dial-in', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, by } = request.state;
    const zone = await getZone({ actor: request.state.actor!, zones: app.zones, zoneId: request.params.id });
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        const { numbers } = parseInput(allowedCallersInputSchema, body);
        await saveAllowedCallers({ app, by, zoneId: zone.id, numbers: parseAllowedCallers(numbers) });
        reply.redirect(`/admin/zones/${zone.id}/dial-in?saved=1`, 303);
      },
      (failure) => <AllowedCallersPage c={c} zone={zone} numbers={String(body.numbers ?? '')} form={failure} />,
    );
  });

  server.get<{ Params: { id: string } }>('/incidents/:id/recorded-update', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor } = request.state;
    await recordedUpdateContext({ app, actor: actor!, incidentId: request.params.id });
    return reply.page(<RecordedUpdatePage c={c} incidentId={request.params.id} values={{ requestKey: app.ids.id(), what: '' }} form={{ errors: [] }} />);
  });

  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: RECORDING_MAX_BYTES, fields: 4 });
    scope.post<{ Params: { id: string } }>('/incidents/:id/recorded-update', { config: { access: 'alerts.publish' } }, async (request, reply) => {
      const { c, by } = request.state;
      const values = { requestKey: textField(request.body, 'requestKey') || app.ids.id(), what: textField(request.body, 'what') };
      return handleForm(
        reply,
        c,
        async () => {
          const { alert } = await sendRecordedUpdate({ app, by, incidentId: request.params.id, ...values, file: uploadedFile(request.body, 'file') });
          reply.redirect(`/alerts/${alert.id}`, 303);
        },
        (failure) => <RecordedUpdatePage c={c} incidentId={request.params.id} values={values} form={failure} />,
      );
    });
  });

  server.get<{ Params: { id: string } }>('/alerts/:id/audio', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const audio = await spokenAlertAudio({ app, actor: request.state.actor, alertId: request.params.id });
    if (!audio) throw new AppError({ code: 'alerts.no_audio', kind: 'not_found', messageKey: 'alerts.notFound' });
    return reply
      .header('content-type', 'audio/wav')
      .header('content-length', String(audio.size))
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${request.params.id.replace(/[^\w-]/g, '')}.wav"`)
      .send(audio.stream);
  });
}
