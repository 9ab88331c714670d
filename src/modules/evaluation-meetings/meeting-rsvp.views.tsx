import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { TextArea } from '../networks/network-form.views.tsx';
import { RSVP_RESPONSES, SURVEY_SCORES } from './evaluation-meetings.models.ts';
import { AGENDA_POINT_MAX, IMPROVEMENTS_MAX } from './evaluation-meetings.schemas.ts';
import { Lines, Notice, whenOf } from './evaluation-meetings.views.tsx';
import type { Invitation } from './meeting-replies.usecases.ts';

type FormValues = Record<string, string | string[] | undefined>;
export type RsvpForms = { form: 'rsvp' | 'agenda' | 'survey'; values: FormValues; errors: readonly FieldError[]; message?: string | undefined };

const str = (values: FormValues | undefined, name: string) => {
  const value = values?.[name];
  return Array.isArray(value) ? value[0] : value;
};

function RadioGroup({ c, name, legend, hint, options, value, errors }: { c: ViewContext; name: string; legend: string; hint?: string; options: ReadonlyArray<{ value: string; label: string }>; value: string | undefined; errors: readonly FieldError[] }) {
  const error = errors.find((e) => e.field === name);
  const describedBy = [hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={`field-${name}`} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p class="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`field-${name}-error`}>
          {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
        </p>
      )}
      {options.map((option) => (
        <div class="radio">
          <input type="radio" id={`${name}-${option.value}`} name={name} value={option.value} checked={value === option.value} />
          <label for={`${name}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * `/rsvp/:invitee/:token`: the invitee answers, proposes agenda points and fills in the survey.
 * Each form posts on its own; a failed one is shown again with its errors, the others as saved.
 */
export function RsvpPage({ c, invitation, path, notice, failed }: { c: ViewContext; invitation: Invitation; path: string; notice?: string | undefined; failed?: RsvpForms | undefined }) {
  const { invitee, meeting, zone, networks, agendaPoints, survey, open } = invitation;
  const errorsOf = (form: RsvpForms['form']) => (failed?.form === form ? failed.errors : []);
  const valuesOf = (form: RsvpForms['form']) => (failed?.form === form ? failed.values : undefined);
  const title = c.t('meetings.rsvp.title');
  const scores = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));
  return (
    <Layout c={c} title={`${title} · ${zone.name}`}>
      <h1>{`${title} · ${zone.name}`}</h1>
      <Notice text={notice} />
      {failed && <ErrorSummary c={c} errors={failed.errors} message={failed.message} />}
      <p>{c.t('meetings.rsvp.greeting', { name: invitee.name, networks: networks.map((n) => n.name).join(', ') })}</p>
      <dl class="details">
        <dt>{c.t('meetings.status')}</dt>
        <dd>{c.t(`meetings.status.${meeting.status}`)}</dd>
        <dt>{c.t('meetings.when')}</dt>
        <dd>{whenOf(c, meeting)}</dd>
        <dt>{c.t('meetings.place')}</dt>
        <dd>{meeting.place}</dd>
        <dt>{c.t('meetings.agenda')}</dt>
        <dd>
          <Lines text={meeting.agenda} />
        </dd>
      </dl>
      <p id="rsvp-current">{c.t('meetings.rsvp.current', { response: c.t(invitee.response ? `meetings.response.${invitee.response}` : 'meetings.response.none') })}</p>
      {!open ? (
        <p class="notice">{c.t('meetings.rsvp.closed')}</p>
      ) : (
        <>
          <form method="post" action={path} novalidate>
            <CsrfField c={c} />
            <RadioGroup
              c={c}
              name="response"
              legend={c.t('meetings.rsvp.question')}
              options={RSVP_RESPONSES.map((r) => ({ value: r, label: c.t(`meetings.response.${r}`) }))}
              value={str(valuesOf('rsvp'), 'response') ?? invitee.response ?? undefined}
              errors={errorsOf('rsvp')}
            />
            <button type="submit">{c.t('meetings.rsvp.submit')}</button>
          </form>

          <h2>{c.t('meetings.agendaPoint.title')}</h2>
          <form method="post" action={`${path}/agenda`} novalidate>
            <CsrfField c={c} />
            <TextArea c={c} name="text" label={c.t('meetings.agendaPoint.text')} value={str(valuesOf('agenda'), 'text')} errors={errorsOf('agenda')} maxLength={AGENDA_POINT_MAX} />
            <button type="submit">{c.t('meetings.agendaPoint.submit')}</button>
          </form>
        </>
      )}
      {agendaPoints.length > 0 && (
        <>
          <h2>{c.t('meetings.agendaPoint.yours')}</h2>
          <ul class="plain agenda-points">
            {agendaPoints.map((point) => (
              <li>
                <Lines text={point.text} />
              </li>
            ))}
          </ul>
        </>
      )}
      {open && (
        <>
          <h2>{c.t('meetings.survey.title')}</h2>
          <form method="post" action={`${path}/survey`} novalidate>
            <CsrfField c={c} />
            {SURVEY_SCORES.map((name) => (
              <RadioGroup
                c={c}
                name={name}
                legend={c.t(`meetings.survey.${name}`)}
                hint={c.t('meetings.survey.scale')}
                options={scores}
                value={str(valuesOf('survey'), name) ?? (survey?.[name] == null ? undefined : String(survey[name]))}
                errors={errorsOf('survey')}
              />
            ))}
            <TextArea c={c} name="improvements" label={c.t('meetings.survey.improvements')} value={str(valuesOf('survey'), 'improvements') ?? survey?.improvements} errors={errorsOf('survey')} maxLength={IMPROVEMENTS_MAX} />
            <button type="submit">{c.t('meetings.survey.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
