import type { ViewContext } from '../../web/view-context.ts';
import type { ConsoleAlert, Reach, UnreachedPerson } from './console.repository.ts';

/** Severity as an icon and words, never as colour alone. */
export function SeverityBadge({ c, severity }: { c: ViewContext; severity: string }) {
  const red = severity === 'red';
  return (
    <span class={`severity ${red ? 'severity-red' : 'severity-green'}`}>
      <span aria-hidden="true">{red ? '⚠ ' : 'ℹ '}</span>
      {c.tDynamic(red ? 'console.severity.red' : 'console.severity.green')}
    </span>
  );
}

export function ExerciseBadge({ c }: { c: ViewContext }) {
  return <span class="exercise-badge">{c.t('console.exercise')}</span>;
}

export const reachText = (c: ViewContext, reach: Reach) =>
  c.t('console.reach', { reached: reach.reached, total: reach.total, acknowledged: reach.acknowledged }) + (reach.shared > 0 ? ` ${c.t('console.reachShared', { count: reach.shared })}` : '');

export const kindLabel = (c: ViewContext, kind: string) => c.tDynamic(`console.kind.${kind}`, {}, 'console.kind.update');
export const statusLabel = (c: ViewContext, status: string) => c.tDynamic(`console.status.${status}`, {}, 'console.status.sending');
export const channelLabel = (c: ViewContext, channel: string) => c.tDynamic(`console.channel.${channel}`, {}, 'console.channel.email');
export const deliveryLabel = (c: ViewContext, status: string) => c.tDynamic(`console.delivery.${status}`, {}, 'console.delivery.planned');

/** One alert as a heading line: severity, exercise flag, kind, subject and status. */
export function AlertTitle({ c, alert }: { c: ViewContext; alert: ConsoleAlert }) {
  return (
    <>
      <SeverityBadge c={c} severity={alert.severity} /> {alert.exercise && <ExerciseBadge c={c} />} <strong>{kindLabel(c, alert.kind)}</strong>
      {alert.subject ? `: ${alert.subject}` : ''} <span class="muted">({statusLabel(c, alert.status)})</span>
    </>
  );
}

export function ResultReminder({ c, incidentId }: { c: ViewContext; incidentId: string }) {
  return (
    <p class="callout">
      <span aria-hidden="true">⏰ </span>
      <a href={`/incidents/${incidentId}/result`}>{c.t('console.resultReminder')}</a>
    </p>
  );
}

/** The people not reached yet, with what was tried and why it failed. */
export function UnreachedTable({ c, people, total }: { c: ViewContext; people: readonly UnreachedPerson[]; total: number }) {
  if (people.length === 0) return <p>{c.t('console.unreached.none')}</p>;
  return (
    <>
      <table class="data-table">
        <thead>
          <tr>
            <th scope="col">{c.t('console.unreached.name')}</th>
            <th scope="col">{c.t('console.unreached.network')}</th>
            <th scope="col">{c.t('console.unreached.tried')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr>
              <th scope="row">{`${person.firstName} ${person.lastName}`}</th>
              <td>{person.networks.join(', ')}</td>
              <td>
                <ul class="plain">
                  {person.tried.map((step) => (
                    <li>
                      {c.t('console.unreached.attempt', { channel: channelLabel(c, step.channel), status: deliveryLabel(c, step.status) })}
                      {step.lastError && <span class="muted"> — {c.t('console.unreached.reason', { reason: step.lastError })}</span>}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > people.length && <p>{c.t('console.unreached.more', { count: total - people.length })}</p>}
    </>
  );
}
