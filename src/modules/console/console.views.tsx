import { ErrorSummary } from '../../web/form-errors.tsx';
import type { FieldError } from '../../shared/errors.ts';
import type { FormFailure } from '../../web/forms.ts';
import { can } from '../accounts/authorization.models.ts';
import type { SightingSummary } from '../alerts/sightings.repository.ts';
import { SightingList } from '../alerts/sightings.views.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { CONSOLE_COLUMNS } from './console.models.ts';
import type { ConsoleAlert, UnreachedPerson } from './console.repository.ts';
import { NOTE_MAX } from './console.schemas.ts';
import type { AlertProgress, ConsoleIncidentRow, IncidentTimeline, PlanningProgress } from './console.usecases.ts';
import { AlertTitle, ExerciseBadge, ResultReminder, UnreachedTable, channelLabel, deliveryLabel, reachText } from './console-parts.views.tsx';
import { ReachCurve } from './reach-curve.views.tsx';
import type { ChannelHealthView } from '../deliveries/channel-health.ts';
import { ChannelHealthTable } from './channel-health.views.tsx';

export function ConsolePage({ c, incidents, health = [], failoverSeconds = 60 }: { c: ViewContext; incidents: readonly ConsoleIncidentRow[]; health?: readonly ChannelHealthView[]; failoverSeconds?: number }) {
  return (
    <Layout c={c} title={c.t('console.title')}>
      <h1>{c.t('console.title')}</h1>
      <p>{c.t('console.intro')}</p>
      {can(c.actor, 'alerts.publish') && (
        <p>
          <a class="button" href="/alerts/new">
            {c.t('alerts.compose.title')}
          </a>
        </p>
      )}
      <ChannelHealthTable c={c} health={health} failoverSeconds={failoverSeconds} />
      {incidents.length === 0 && <p>{c.t('console.none')}</p>}
      <ul class="incidents">
        {incidents.map((incident) => (
          <li class="incident">
            <h2>
              <a href={`/incidents/${incident.id}`}>{incident.title}</a> {incident.exercise && <ExerciseBadge c={c} />}
            </h2>
            <p class="muted">
              {c.formatDateTime(incident.createdAt)} · {c.tDynamic(incident.closedAt === null ? 'console.incident.open' : 'console.incident.closed')}
            </p>
            {incident.resultReminder && <ResultReminder c={c} incidentId={incident.id} />}
            <ul class="plain">
              {incident.alerts.map((alert) => (
                <li>
                  <AlertTitle c={c} alert={alert} /> · {reachText(c, alert.reach)} · <a href={`/alerts/${alert.id}`}>{c.t('console.openAlert')}</a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** Counts per channel: cells carry data-cell so that /assets/alert-live.js can update them. */
/** "planning: 43,000 of 100,000" while the alert's audience is being planned in the background. */
function planningText(c: ViewContext, planning: PlanningProgress): string {
  const number = new Intl.NumberFormat(c.locale);
  return c.t('console.planning', { planned: number.format(planning.planned), total: planning.total === null ? '…' : number.format(planning.total) });
}

function ChannelCounts({ c, channels }: { c: ViewContext; channels: AlertProgress['channels'] }) {
  return (
    <>
      <table class="data-table" id="alert-counts">
        <caption>{c.t('console.alert.counts')}</caption>
        <thead>
          <tr>
            <th scope="col">{c.t('console.alert.channel')}</th>
            {CONSOLE_COLUMNS.map((column) => (
              <th scope="col">{deliveryLabel(c, column)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {channels.rows.map((row) => (
            <tr>
              <th scope="row">{channelLabel(c, row.channel)}</th>
              {CONSOLE_COLUMNS.map((column) => (
                <td data-cell={`${row.channel}:${column}`}>{row.counts[column]}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{c.t('console.alert.total')}</th>
            {CONSOLE_COLUMNS.map((column) => (
              <td data-cell={`total:${column}`} aria-describedby={column === 'acknowledged' ? 'alert-counts-people' : undefined}>
                {channels.total[column]}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p class="hint" id="alert-counts-people">
        {c.t('console.alert.acknowledgedPeople')}
      </p>
    </>
  );
}

export function AlertLivePage({
  c,
  alert,
  progress,
  unreached,
  sightings,
  audioUrl,
}: {
  c: ViewContext;
  alert: ConsoleAlert;
  progress: AlertProgress;
  unreached: { people: readonly UnreachedPerson[]; total: number };
  sightings: readonly SightingSummary[];
  /** The recording of a message spoken onto the dial-in line (src/modules/dial-in/). */
  audioUrl?: string | undefined;
}) {
  return (
    <Layout c={c} title={c.t('console.alert.title')}>
      <h1>{c.t('console.alert.title')}</h1>
      <p>
        <AlertTitle c={c} alert={alert} />
      </p>
      {audioUrl && (
        <figure class="spoken-message">
          <figcaption id="spoken-message-label">{c.t('dialIn.audio.label')}</figcaption>
          <audio controls preload="none" src={audioUrl} aria-labelledby="spoken-message-label" />
        </figure>
      )}
      <p>
        <a href={`/incidents/${alert.incidentId}`}>{c.t('console.openIncident')}</a> · <a href={`/alerts/${alert.id}`}>{c.t('console.alert.refresh')}</a>
      </p>
      {can(c.actor, 'alerts.publish', { zoneId: alert.zoneId }) && alert.cancelledAt === null && alert.status === 'sending' && (
        <form method="post" action={`/alerts/${alert.id}/cancel`}>
          <CsrfField c={c} />
          <button type="submit" class="danger">
            {c.t('alerts.cancel.button')}
          </button>
        </form>
      )}
      <section id="alert-live" data-events={`/alerts/${alert.id}/events`}>
        <p class="lead" id="alert-live-summary" aria-live="polite">
          {reachText(c, progress.reach)}
        </p>
        {progress.planning && <p id="alert-live-planning">{planningText(c, progress.planning)}</p>}
        <ChannelCounts c={c} channels={progress.channels} />
        <ul class="plain muted" id="alert-live-changes" />
        <h2>{c.t('sightings.console.title')}</h2>
        <SightingList c={c} sightings={sightings} id="alert-live-sightings" />
      </section>
      <h2>{c.t('console.curve.title')}</h2>
      <ReachCurve c={c} points={progress.curve} />
      <h2>{c.t('console.unreached.title')}</h2>
      <p>{c.t('console.unreached.intro')}</p>
      <UnreachedTable c={c} people={unreached.people} total={unreached.total} />
      <script type="module" src="/assets/alert-live.js" />
    </Layout>
  );
}

function NoteField({ c, value, errors }: { c: ViewContext; value: string; errors: readonly FieldError[] }) {
  const error = errors.find((e) => e.field === 'body');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="field-body">{c.t('console.incident.note')}</label>
      <p class="hint" id="field-body-hint">
        {c.t('console.incident.noteHint')}
      </p>
      {error && (
        <p class="error" id="field-body-error">
          {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
        </p>
      )}
      <textarea id="field-body" name="body" rows={4} maxLength={NOTE_MAX} aria-describedby={error ? 'field-body-hint field-body-error' : 'field-body-hint'} aria-invalid={error ? 'true' : undefined}>
        {value}
      </textarea>
    </div>
  );
}

export function IncidentPage({ c, timeline, canAddNote, form, notice }: { c: ViewContext; timeline: IncidentTimeline; canAddNote: boolean; form: { values: { body?: string } } & FormFailure; notice?: string | undefined }) {
  const { incident } = timeline;
  return (
    <Layout c={c} title={`${c.t('console.incident.title')}: ${incident.title}`}>
      <h1>
        {c.t('console.incident.title')}: {incident.title} {incident.exercise && <ExerciseBadge c={c} />}
      </h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {timeline.resultReminder && <ResultReminder c={c} incidentId={incident.id} />}
      {canAddNote && (
        <p class="actions">
          <a class="button" href={`/incidents/${incident.id}/update`}>
            {c.t('alerts.followUp.update')}
          </a>{' '}
          <a class="button" href={`/incidents/${incident.id}/result`}>
            {c.t('alerts.followUp.result')}
          </a>
          {' '}
          <a class="button secondary" href={`/incidents/${incident.id}/recorded-update`}>
            {c.t('dialIn.upload.link')}
          </a>
        </p>
      )}
      <h2>{c.t('console.incident.timeline')}</h2>
      <ol class="timeline">
        {timeline.alerts.map((alert) => (
          <li>
            <time>{c.formatDateTime(alert.sentAt ?? alert.sendAt)}</time> <AlertTitle c={c} alert={alert} /> · {reachText(c, alert.reach)} ·{' '}
            <a href={`/alerts/${alert.id}`}>{c.t('console.openAlert')}</a>
          </li>
        ))}
      </ol>
      <p>{c.t('console.incident.acknowledgements', { count: timeline.acknowledged })}</p>
      <h2>{c.t('sightings.console.title')}</h2>
      <SightingList c={c} sightings={timeline.sightings} />
      <h2>{c.t('console.incident.notes')}</h2>
      {timeline.notes.length === 0 ? (
        <p>{c.t('console.incident.noNotes')}</p>
      ) : (
        <ol class="timeline">
          {timeline.notes.map((note) => (
            <li>
              <time>{c.formatDateTime(note.createdAt)}</time> <span class="muted">{c.t('console.incident.by', { name: note.authorName })}</span>
              <p class="note-body">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canAddNote && (
        <form method="post" action={`/incidents/${incident.id}/notes`} novalidate>
          <ErrorSummary c={c} errors={form.errors} message={form.message} />
          <CsrfField c={c} />
          <NoteField c={c} value={form.values.body ?? ''} errors={form.errors} />
          <button type="submit">{c.t('console.incident.addNote')}</button>
        </form>
      )}
    </Layout>
  );
}

export function NetworkAlertsPage({ c, networkId, networkName, alerts }: { c: ViewContext; networkId: string; networkName: string; alerts: readonly ConsoleAlert[] }) {
  return (
    <Layout c={c} title={`${c.t('console.networkAlerts.title')} · ${networkName}`}>
      <h1>
        {c.t('console.networkAlerts.title')} · {networkName}
      </h1>
      {alerts.length === 0 && <p>{c.t('console.networkAlerts.none')}</p>}
      <ul class="plain">
        {alerts.map((alert) => (
          <li>
            <time>{c.formatDateTime(alert.sentAt ?? alert.sendAt)}</time> <AlertTitle c={c} alert={alert} /> ·{' '}
            <a href={`/networks/${networkId}/alerts/${alert.id}/unreached`}>{c.t('console.unreached.link')}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function NetworkUnreachedPage({ c, networkId, networkName, alert, people, total }: { c: ViewContext; networkId: string; networkName: string; alert: ConsoleAlert; people: readonly UnreachedPerson[]; total: number }) {
  return (
    <Layout c={c} title={`${c.t('console.unreached.title')} · ${networkName}`}>
      <h1>
        {c.t('console.unreached.title')} · {networkName}
      </h1>
      <p>
        <AlertTitle c={c} alert={alert} />
      </p>
      <p>
        <a href={`/networks/${networkId}/alerts`}>{c.t('console.networkAlerts.title')}</a>
      </p>
      <p>{c.t('console.unreached.intro')}</p>
      <UnreachedTable c={c} people={people} total={total} />
    </Layout>
  );
}
