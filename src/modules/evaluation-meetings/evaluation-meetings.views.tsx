import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { TextArea } from '../networks/network-form.views.tsx';
import type { Network } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Meeting, SURVEY_SCORES, localTimeOf } from './evaluation-meetings.models.ts';
import { AGENDA_MAX, MINUTES_MAX, PLACE_MAX } from './evaluation-meetings.schemas.ts';
import type { MeetingOverview } from './evaluation-meetings.usecases.ts';
import type { Invitee } from './evaluation-meetings.repository.ts';

export type MeetingFormValues = Record<string, string | string[] | undefined>;
type FormState = { values: MeetingFormValues; errors: readonly FieldError[]; message?: string | undefined };

const str = (values: MeetingFormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value[0] : value;
};

export function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

/** "12 mrt. 2027 19:30–21:30", in Belgian time. */
export function whenOf(c: ViewContext, meeting: Pick<Meeting, 'startsAt' | 'endsAt'>): string {
  return `${c.formatDateTime(meeting.startsAt)}–${localTimeOf(meeting.endsAt).time}`;
}

/** Text typed with line breaks, shown with them. */
export function Lines({ text }: { text: string }) {
  return <p class="meeting-text">{text}</p>;
}

export function meetingFormValues(meeting: Meeting): MeetingFormValues {
  const start = localTimeOf(meeting.startsAt);
  return { date: start.date, startTime: start.time, endTime: localTimeOf(meeting.endsAt).time, place: meeting.place, agenda: meeting.agenda };
}

/** `/meetings` for someone who manages meetings in several zones. */
export function MeetingZonesPage({ c, zones }: { c: ViewContext; zones: Zone[] }) {
  return (
    <Layout c={c} title={c.t('meetings.title')}>
      <h1>{c.t('meetings.title')}</h1>
      <p>{c.t('meetings.zones.intro')}</p>
      <ul class="cards">
        {zones.map((zone) => (
          <li>
            <a href={`/zones/${encodeURIComponent(zone.id)}/meetings`}>{zone.name}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function responseCounts(invitees: readonly Invitee[]) {
  const count = (response: Invitee['response']) => invitees.filter((i) => i.response === response).length;
  return { yes: count('yes'), no: count('no'), maybe: count('maybe'), open: count(null) };
}

function MeetingTable({ c, meetings, invitees }: { c: ViewContext; meetings: Meeting[]; invitees: Map<string, Invitee[]> }) {
  if (meetings.length === 0) return <p>{c.t('meetings.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{c.t('meetings.when')}</th>
          <th scope="col">{c.t('meetings.place')}</th>
          <th scope="col">{c.t('meetings.status')}</th>
          <th scope="col">{c.t('meetings.responses')}</th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((meeting) => (
          <tr>
            <td>
              <a href={`/meetings/${encodeURIComponent(meeting.id)}`}>{c.t('meetings.openNamed', { when: whenOf(c, meeting) })}</a>
            </td>
            <td>{meeting.place}</td>
            <td>{c.t(`meetings.status.${meeting.status}`)}</td>
            <td>{c.t('meetings.responsesSummary', responseCounts(invitees.get(meeting.id) ?? []))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `/zones/:id/meetings`: upcoming meetings, then past and cancelled ones (which stay available). */
export function ZoneMeetingsPage({ c, zone, meetings, invitees, now, notice }: { c: ViewContext; zone: Zone; meetings: Meeting[]; invitees: Map<string, Invitee[]>; now: number; notice?: string | undefined }) {
  const upcoming = meetings.filter((m) => m.status === 'scheduled' && m.endsAt > now).reverse();
  const past = meetings.filter((m) => !upcoming.includes(m));
  return (
    <Layout c={c} title={`${c.t('meetings.title')} · ${zone.name}`}>
      <h1>{`${c.t('meetings.title')} · ${zone.name}`}</h1>
      <Notice text={notice} />
      <p>{c.t('meetings.intro')}</p>
      <p>
        <a class="button" href={`/zones/${encodeURIComponent(zone.id)}/meetings/new`}>
          {c.t('meetings.new')}
        </a>
      </p>
      <h2>{c.t('meetings.upcoming')}</h2>
      <MeetingTable c={c} meetings={upcoming} invitees={invitees} />
      <h2>{c.t('meetings.past')}</h2>
      <MeetingTable c={c} meetings={past} invitees={invitees} />
    </Layout>
  );
}

/** The schedule form (with the networks) and the change form (without). */
export function MeetingFormPage({ c, zone, meeting, networks, form }: { c: ViewContext; zone: Zone; meeting?: Meeting | undefined; networks: Network[]; form: FormState }) {
  const title = meeting ? c.t('meetings.edit') : c.t('meetings.new');
  const chosen = new Set([form.values.networkIds ?? []].flat());
  const networkError = form.errors.find((e) => e.field === 'networkIds');
  return (
    <Layout c={c} title={`${title} · ${zone.name}`}>
      <h1>{`${title} · ${zone.name}`}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={meeting ? `/meetings/${encodeURIComponent(meeting.id)}` : `/zones/${encodeURIComponent(zone.id)}/meetings`} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="date" type="date" label={c.t('meetings.form.date')} value={str(form.values, 'date')} errors={form.errors} required />
        <Field c={c} name="startTime" type="time" label={c.t('meetings.form.startTime')} hint={c.t('meetings.form.timeHint')} value={str(form.values, 'startTime')} errors={form.errors} required />
        <Field c={c} name="endTime" type="time" label={c.t('meetings.form.endTime')} value={str(form.values, 'endTime')} errors={form.errors} required />
        <Field c={c} name="place" label={c.t('meetings.place')} hint={c.t('meetings.form.placeHint')} value={str(form.values, 'place')} errors={form.errors} maxLength={PLACE_MAX} required />
        <TextArea c={c} name="agenda" label={c.t('meetings.agenda')} value={str(form.values, 'agenda')} errors={form.errors} rows={8} maxLength={AGENDA_MAX} />
        {!meeting && (
          <fieldset id="field-networkIds" aria-describedby={networkError ? 'field-networkIds-error' : 'field-networkIds-hint'}>
            <legend>{c.t('meetings.form.networks')}</legend>
            <p class="hint" id="field-networkIds-hint">
              {c.t('meetings.form.networksHint')}
            </p>
            {networkError && (
              <p class="error" id="field-networkIds-error">
                {c.tDynamic(networkError.messageKey, networkError.values, 'form.invalid')}
              </p>
            )}
            {networks.map((network) => (
              <div class="checkbox">
                <input type="checkbox" id={`network-${network.id}`} name="networkIds" value={network.id} checked={chosen.has(network.id)} />
                <label for={`network-${network.id}`}>{`${network.code} · ${network.name}`}</label>
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit">{meeting ? c.t('meetings.form.submitChange') : c.t('meetings.form.submitNew')}</button>
      </form>
    </Layout>
  );
}

function score(c: ViewContext, value: number | null) {
  return value === null ? c.t('meetings.survey.noAnswer') : String(value);
}

/** `/meetings/:id`: the meeting, who answers what, agenda points, survey answers and minutes. */
export function MeetingPage({ c, overview, now, notice, minutesForm }: { c: ViewContext; overview: MeetingOverview; now: number; notice?: string | undefined; minutesForm: FormState }) {
  const { meeting, zone, networks, invitees, agendaPoints, surveys } = overview;
  const base = `/meetings/${encodeURIComponent(meeting.id)}`;
  const networkName = new Map(networks.map((n) => [n.id, n.name]));
  const changeable = meeting.status === 'scheduled' && meeting.startsAt > now;
  const title = `${c.t('meetings.openNamed', { when: whenOf(c, meeting) })} · ${zone.name}`;
  return (
    <Layout c={c} title={title}>
      <p>
        <a href={`/zones/${encodeURIComponent(zone.id)}/meetings`}>{`${c.t('meetings.title')} · ${zone.name}`}</a>
      </p>
      <h1>{title}</h1>
      <Notice text={notice} />
      <dl class="details">
        <dt>{c.t('meetings.status')}</dt>
        <dd>{c.t(`meetings.status.${meeting.status}`)}</dd>
        <dt>{c.t('meetings.when')}</dt>
        <dd>{whenOf(c, meeting)}</dd>
        <dt>{c.t('meetings.place')}</dt>
        <dd>{meeting.place}</dd>
        <dt>{c.t('meetings.networks')}</dt>
        <dd>{networks.map((n) => n.name).join(', ')}</dd>
        <dt>{c.t('meetings.organizer')}</dt>
        <dd>{meeting.organizer.name}</dd>
        <dt>{c.t('meetings.agenda')}</dt>
        <dd>
          <Lines text={meeting.agenda} />
        </dd>
      </dl>
      {changeable && (
        <>
          <p>
            <a class="button secondary" href={`${base}/edit`}>
              {c.t('meetings.edit')}
            </a>
          </p>
          <form method="post" action={`${base}/cancel`}>
            <CsrfField c={c} />
            <p class="hint">{c.t('meetings.cancelHint')}</p>
            <button type="submit" class="secondary">
              {c.t('meetings.cancel')}
            </button>
          </form>
        </>
      )}

      <h2>{c.t('meetings.invitees')}</h2>
      <p>{c.t('meetings.responsesSummary', responseCounts(invitees))}</p>
      {invitees.length === 0 ? (
        <p>{c.t('meetings.noInvitees')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('meetings.invitee.name')}</th>
              <th scope="col">{c.t('meetings.networks')}</th>
              <th scope="col">{c.t('meetings.invitee.response')}</th>
              <th scope="col">{c.t('meetings.invitee.mailed')}</th>
            </tr>
          </thead>
          <tbody>
            {invitees.map((invitee) => (
              <tr data-invitee={invitee.email}>
                <td>{invitee.name}</td>
                <td>{invitee.networkIds.map((id) => networkName.get(id) ?? id).join(', ')}</td>
                <td>{c.t(invitee.response ? `meetings.response.${invitee.response}` : 'meetings.response.none')}</td>
                <td>{invitee.mailedSequence === null ? c.t('meetings.invitee.mailedNo') : c.t('meetings.invitee.mailedYes')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{c.t('meetings.agendaPoints')}</h2>
      {agendaPoints.length === 0 ? (
        <p>{c.t('meetings.noAgendaPoints')}</p>
      ) : (
        <ul class="plain agenda-points">
          {agendaPoints.map((point) => (
            <li>
              <Lines text={point.text} />
              <p class="muted">{c.t('meetings.agendaPointBy', { author: point.author, date: c.formatDateTime(point.createdAt) })}</p>
            </li>
          ))}
        </ul>
      )}

      <h2>{c.t('meetings.surveys')}</h2>
      {surveys.length === 0 ? (
        <p>{c.t('meetings.noSurveys')}</p>
      ) : (
        <table>
          <caption class="hint">{c.t('meetings.survey.scale')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('meetings.survey.author')}</th>
              {SURVEY_SCORES.map((name) => (
                <th scope="col">{c.t(`meetings.survey.${name}`)}</th>
              ))}
              <th scope="col">{c.t('meetings.survey.improvements')}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((survey) => (
              <tr>
                <th scope="row">{survey.author}</th>
                {SURVEY_SCORES.map((name) => (
                  <td>{score(c, survey[name])}</td>
                ))}
                <td>{survey.improvements}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <MinutesSection c={c} meeting={meeting} now={now} form={minutesForm} />
    </Layout>
  );
}

function MinutesSection({ c, meeting, now, form }: { c: ViewContext; meeting: Meeting; now: number; form: FormState }) {
  const base = `/meetings/${encodeURIComponent(meeting.id)}`;
  const held = meeting.status === 'scheduled' && meeting.startsAt <= now;
  return (
    <section aria-labelledby="minutes-heading">
      <h2 id="minutes-heading">{c.t('meetings.minutes')}</h2>
      {meeting.minutes ? (
        <>
          <h3>{c.t('meetings.minutes.text')}</h3>
          <Lines text={meeting.minutes} />
          {meeting.decisions && (
            <>
              <h3>{c.t('meetings.minutes.decisions')}</h3>
              <Lines text={meeting.decisions} />
            </>
          )}
          {meeting.minutesFile && (
            <p>
              <a href={`${base}/minutes.pdf`}>{c.t('meetings.minutes.download')}</a>
            </p>
          )}
        </>
      ) : (
        <p>{held ? c.t('meetings.minutes.none') : c.t('meetings.minutes.notYet')}</p>
      )}
      {held && (
        <form method="post" action={`${base}/minutes`} enctype="multipart/form-data" novalidate>
          <ErrorSummary c={c} errors={form.errors} message={form.message} />
          <CsrfField c={c} />
          <TextArea c={c} name="minutes" label={c.t('meetings.minutes.text')} value={str(form.values, 'minutes') ?? meeting.minutes ?? ''} errors={form.errors} rows={10} maxLength={MINUTES_MAX} />
          <TextArea c={c} name="decisions" label={c.t('meetings.minutes.decisions')} value={str(form.values, 'decisions') ?? meeting.decisions ?? ''} errors={form.errors} rows={6} maxLength={MINUTES_MAX} />
          <div class="field">
            <label for="field-minutesPdf">{c.t('meetings.minutes.pdf')}</label>
            <p class="hint" id="field-minutesPdf-hint">
              {c.t('meetings.minutes.pdfHint')}
            </p>
            <input type="file" id="field-minutesPdf" name="minutesPdf" accept="application/pdf" aria-describedby="field-minutesPdf-hint" />
          </div>
          <button type="submit">{c.t('meetings.minutes.save')}</button>
        </form>
      )}
    </section>
  );
}

