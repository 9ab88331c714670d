import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError, isAppError } from '../../shared/errors.ts';
import { STATUS_BY_KIND } from '../../web/error-mapping.tsx';
import type { FormFailure } from '../../web/forms.ts';
import { mapBounds } from './network-map.usecases.ts';
import type { MapSettings } from './network-map.views.tsx';
import type { NetworkPageForms } from './network-sections.views.tsx';
import { networkOverview } from './networks.usecases.ts';
import { NetworkPage } from './networks.views.tsx';

type IdParams = { Params: { id: string }; Querystring: Record<string, string | undefined> };

export { AREA_BODY_LIMIT } from './network-areas.models.ts';

/** The map's background: none by default, or the configured tile server. */
export function mapSettings(app: App, bounds: MapSettings['bounds']): MapSettings {
  return { bounds, tileUrl: app.config.map.tileUrl, tileAttribution: app.config.map.tileAttribution };
}

const SAVED_NOTICES = ['created', 'updated', 'status', 'person', 'removed', 'charter', 'streets', 'area'] as const;

/** The network's page, with one of its forms shown again when it failed. */
export async function renderNetworkPage(app: App, request: FastifyRequest, networkId: string, forms: NetworkPageForms = {}) {
  const { c, actor } = request.state;
  const data = await networkOverview({ app, actor, networkId });
  const query = request.query as Record<string, string | undefined>;
  const saved = SAVED_NOTICES.find((s) => s === query.saved);
  let notice: string | undefined;
  if (saved === 'area' || saved === 'streets') notice = c.t('networks.saved.areaChange', { entered: Number(query.entered ?? 0), left: Number(query.left ?? 0) });
  else if (saved) notice = c.tDynamic(`networks.saved.${saved}`);
  return <NetworkPage c={c} data={data} forms={forms} notice={notice} map={mapSettings(app, await mapBounds(app, [data.network]))} />;
}

/** What a failed form shows again: its values as typed (text only) and the reasons. */
export function failedForm(body: Record<string, unknown>, failure: FormFailure) {
  const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  return { values, ...failure };
}

/**
 * Runs one form of the network page like handleForm: success redirects to the page with a
 * notice; a refusal the person can fix shows the page again with that form's errors.
 */
export async function networkPageForm(app: App, request: FastifyRequest<IdParams>, reply: FastifyReply, form: keyof NetworkPageForms, body: Record<string, unknown>, work: () => Promise<string>) {
  try {
    return reply.redirect(await work(), 303);
  } catch (error) {
    let failure: FormFailure;
    if (error instanceof ValidationError) failure = { errors: error.fields };
    else if (isAppError(error) && (error.kind === 'invalid' || error.kind === 'conflict')) failure = { errors: [], message: request.state.c.tDynamic(error.messageKey, error.values) };
    else throw error;
    const page = await renderNetworkPage(app, request, request.params.id, { [form]: failedForm(body, failure) });
    return reply.status(isAppError(error) ? STATUS_BY_KIND[error.kind] : 400).page(page);
  }
}
