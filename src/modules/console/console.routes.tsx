import { createPlanningJobsRepository } from '../alerts/planning-jobs.repository.ts';
import { createAlertsRepository } from '../alerts/alerts.repository.ts';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import type { ViewContext } from '../../web/view-context.ts';
import { can } from '../accounts/authorization.models.ts';
import { LIVE_SIGHTINGS } from '../alerts/sightings.models.ts';
import { createSightingsRepository } from '../alerts/sightings.repository.ts';
import { sightingHead, sightingPhotoUrl } from '../alerts/sightings.views.tsx';
import { type AlertSnapshot, createAlertWatches } from './alert-watch.ts';
import { channelLabel, deliveryLabel, reachText } from './console-parts.views.tsx';
import { channelTable, CONSOLE_COLUMNS } from './console.models.ts';
import { createConsoleRepository } from './console.repository.ts';
import { incidentNoteSchema } from './console.schemas.ts';
import { addIncidentNote, alertProgress, getIncidentTimeline, getReadableAlert, listConsoleIncidents, listNetworkAlerts, listUnreached, listUnreachedInNetwork } from './console.usecases.ts';
import { AlertLivePage, ConsolePage, IncidentPage, NetworkAlertsPage, NetworkUnreachedPage } from './console.views.tsx';

type IdParams = { Params: { id: string } };
type NetworkAlertParams = { Params: { id: string; alertId: string } };

// Idle proxies close a silent connection: a comment line now and then keeps the stream open.
const HEARTBEAT_MS = 20_000;

/** One SSE message: the counts as table cells, the reach sentence, the newest changes and sightings, in the viewer's language. */
export function progressEvent(c: ViewContext, snapshot: AlertSnapshot): string {
  const table = channelTable(snapshot.counts, { acknowledgedPeople: snapshot.reach.acknowledged });
  const cells: Record<string, number> = {};
  for (const row of table.rows) for (const column of CONSOLE_COLUMNS) cells[`${row.channel}:${column}`] = row.counts[column];
  for (const column of CONSOLE_COLUMNS) cells[`total:${column}`] = table.total[column];
  const changes = snapshot.changes.map((change) => `${c.formatDateTime(change.at)} · ${channelLabel(c, change.channel)}: ${deliveryLabel(c, change.status)}`);
  const sightings = snapshot.sightings.map((sighting) => ({ id: sighting.id, head: sightingHead(c, sighting), text: sighting.text, photo: sighting.hasPhoto ? sightingPhotoUrl(sighting) : null }));
  const data = { summary: reachText(c, snapshot.reach), cells, changes, sightings };
  return `event: progress\ndata: ${JSON.stringify(data)}\n\n`;
}

export function registerConsoleRoutes(server: FastifyInstance, app: App) {
  const consoleRepository = createConsoleRepository({ database: app.database });
  const sightings = createSightingsRepository({ database: app.database });
  // One poll per watched alert, shared by every open stream of this server.
  const watches = createAlertWatches({ consoleRepository, countsForAlert: (alertId) => app.deliveries.countsForAlert(alertId), sightings });
  const streams = new Set<() => void>();
  // preClose: before the HTTP server waits for its connections, which open streams would hold.
  server.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  server.addHook('onClose', async () => {
    for (const end of [...streams]) end();
    watches.close();
  });

  server.get('/console', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const incidents = await listConsoleIncidents({ actor: actor!, consoleRepository, locale: c.locale, now: app.clock.now() });
    return reply.page(<ConsolePage c={c} incidents={incidents} health={app.channelHealth.view()} failoverSeconds={app.config.dispatcher.failoverSeconds} />);
  });

  server.get<IdParams>('/alerts/:id', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const { alert, people, total } = await listUnreached({ by, consoleRepository, auditLog: app.auditLog, alertId: request.params.id, locale: c.locale });
    const progress = await alertProgress({ alert, consoleRepository, deliveries: app.deliveries, planningJobs: createPlanningJobsRepository({ database: app.database }), now: app.clock.now() });
    const newest = await sightings.newestForAlert(alert.id, LIVE_SIGHTINGS);
    const spoken = (await createAlertsRepository({ database: app.database }).findById(alert.id))?.audioFile;
    return reply.header('cache-control', 'no-store').page(<AlertLivePage c={c} alert={alert} progress={progress} unreached={{ people, total }} sightings={newest} audioUrl={spoken ? `/alerts/${alert.id}/audio` : undefined} />);
  });

  server.get<IdParams>('/alerts/:id/events', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    // Refused or unknown alerts answer with a status before any stream opens.
    const alert = await getReadableAlert({ actor: actor!, consoleRepository, alertId: request.params.id, locale: c.locale });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    let open = true;
    let unsubscribe: () => void = () => {};
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(end);
      raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    const subscription = await watches.subscribe(alert.id, (snapshot) => {
      if (open) raw.write(progressEvent(c, snapshot));
    });
    if (open) unsubscribe = subscription;
    else subscription();
  });

  server.get<IdParams>('/incidents/:id', { config: { access: 'alerts.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const timeline = await getIncidentTimeline({ actor: actor!, consoleRepository, sightingsRepository: sightings, incidentId: request.params.id, locale: c.locale, now: app.clock.now() });
    const notice = (request.query as { saved?: string }).saved ? c.t('console.incident.noteSaved') : undefined;
    return reply.page(<IncidentPage c={c} timeline={timeline} canAddNote={can(actor, 'alerts.publish', { zoneId: timeline.incident.zoneId })} form={{ values: {}, errors: [] }} notice={notice} />);
  });

  server.post<IdParams>('/incidents/:id/notes', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const incidentId = request.params.id;
    const body = formBody(request.body);
    const timeline = await getIncidentTimeline({ actor: actor!, consoleRepository, sightingsRepository: sightings, incidentId, locale: c.locale, now: app.clock.now() });
    return handleForm(
      reply,
      c,
      async () => {
        await addIncidentNote({ by, database: app.database, clock: app.clock, ids: app.ids, incidentId, input: parseInput(incidentNoteSchema, body) });
        reply.redirect(`/incidents/${incidentId}?saved=1`, 303);
      },
      (failure) => <IncidentPage c={c} timeline={timeline} canAddNote form={{ values: { body: typeof body.body === 'string' ? body.body : '' }, ...failure }} />,
    );
  });

  // The coordinator's way in: they hold members.read on their network, not alerts.read.
  server.get<IdParams>('/networks/:id/alerts', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { network, alerts } = await listNetworkAlerts({ actor: actor!, consoleRepository, networks: app.networks, networkId: request.params.id, locale: c.locale });
    return reply.page(<NetworkAlertsPage c={c} networkId={network.id} networkName={network.name} alerts={alerts} />);
  });

  server.get<NetworkAlertParams>('/networks/:id/alerts/:alertId/unreached', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const result = await listUnreachedInNetwork({ by, consoleRepository, networks: app.networks, auditLog: app.auditLog, networkId: request.params.id, alertId: request.params.alertId, locale: c.locale });
    return reply.header('cache-control', 'no-store').page(<NetworkUnreachedPage c={c} networkId={request.params.id} networkName={result.networkName} alert={result.alert} people={result.people} total={result.total} />);
  });
}
