import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { LOCALES, LOCALE_NAMES } from '../../web/i18n/locales.ts';
import { CsrfField } from '../../web/layout.tsx';
import { can } from '../accounts/authorization.models.ts';
import type { ViewContext } from '../../web/view-context.ts';
import { areaSquareMetres } from '../geography/geometry.models.ts';
import { PARITIES } from '../geography/street-lists.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { Checkbox, type FormState, Select, TextArea } from './network-form.views.tsx';
import { AreaMap, type MapSettings } from './network-map.views.tsx';
import type { NetworkStreet } from './network-areas.models.ts';
import type { NetworkArea } from './network-areas.repository.ts';
import type { AreaChange } from './network-assignment.repository.ts';
import { type Network, allowedNetworkTransitions } from './networks.models.ts';
import type { NetworkPerson, NetworkStatusChange, ZonePoliceAccount } from './networks.repository.ts';

export type NetworkPageData = {
  network: Network;
  zone: Zone | undefined;
  history: readonly NetworkStatusChange[];
  people: readonly NetworkPerson[];
  police: readonly ZonePoliceAccount[];
  areas: readonly NetworkArea[];
  streets: readonly NetworkStreet[];
  changes: readonly AreaChange[];
  addressCount: number;
  canManage: boolean;
};

type Values = Record<string, string>;
export type NetworkPageForms = { status?: FormState<Values>; citizen?: FormState<Values>; officer?: FormState<Values>; charter?: FormState<Values>; street?: FormState<Values> };

const statusName = (c: ViewContext, status: string) => c.tDynamic(`networks.status.${status}`, {}, 'form.invalid');
const roleName = (c: ViewContext, role: string) => c.tDynamic(`networks.role.${role}`, {}, 'form.invalid');

export function StatusSection({ c, data, form }: { c: ViewContext; data: NetworkPageData; form?: FormState<Values> | undefined }) {
  const next = allowedNetworkTransitions(data.network.status);
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{c.t('networks.statusTitle')}</h2>
      {data.canManage && next.length > 0 && (
        <form method="post" action={`/networks/${data.network.id}/status`} novalidate>
          <CsrfField c={c} />
          <ErrorSummary c={c} errors={form?.errors ?? []} message={form?.message} />
          <Select c={c} name="status" label={c.t('networks.newStatus')} value={form?.values.status} errors={form?.errors} options={next.map((s) => ({ value: s, label: statusName(c, s) }))} />
          <TextArea c={c} name="reason" label={c.t('networks.reason')} hint={c.t('networks.reasonHint')} value={form?.values.reason} errors={form?.errors} rows={2} maxLength={1000} />
          <button type="submit">{c.t('networks.changeStatus')}</button>
        </form>
      )}
      <table>
        <caption>{c.t('networks.history')}</caption>
        <thead>
          <tr>
            <th scope="col">{c.t('networks.date')}</th>
            <th scope="col">{c.t('networks.status')}</th>
            <th scope="col">{c.t('networks.reason')}</th>
            <th scope="col">{c.t('networks.by')}</th>
          </tr>
        </thead>
        <tbody>
          {data.history.map((change) => (
            <tr>
              <td>{c.formatDateTime(change.at)}</td>
              <td>{change.fromStatus ? c.t('networks.transition', { from: statusName(c, change.fromStatus), to: statusName(c, change.toStatus) }) : statusName(c, change.toStatus)}</td>
              <td>{change.reason || '—'}</td>
              <td>{change.actorName ?? c.t('networks.system')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function PeopleSection({ c, data, citizenForm, officerForm }: { c: ViewContext; data: NetworkPageData; citizenForm?: FormState<Values> | undefined; officerForm?: FormState<Values> | undefined }) {
  const id = data.network.id;
  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{c.t('networks.people')}</h2>
      {data.people.length === 0 ? (
        <p>{c.t('networks.noPeople')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('networks.role')}</th>
              <th scope="col">{c.t('networks.personName')}</th>
              <th scope="col">{c.t('networks.email')}</th>
              {data.canManage && <th scope="col"><span class="visually-hidden">{c.t('networks.actions')}</span></th>}
            </tr>
          </thead>
          <tbody>
            {data.people.map((person) => (
              <tr>
                <td>{roleName(c, person.role)}</td>
                <td>{person.name}</td>
                <td>{person.email}</td>
                {data.canManage && (
                  <td>
                    <form method="post" action={`/networks/${id}/people/remove`} class="inline">
                      <CsrfField c={c} />
                      <input type="hidden" name="role" value={person.role} />
                      <input type="hidden" name="accountId" value={person.accountId} />
                      <button type="submit" class="secondary" aria-label={c.t('networks.removePersonLabel', { name: person.name, role: roleName(c, person.role) })}>
                        {c.t('networks.removePerson')}
                      </button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.canManage && (
        <>
          <h3>{c.t('networks.appointCitizen')}</h3>
          <p class="hint">{c.t('networks.appointCitizenHint')}</p>
          <form method="post" action={`/networks/${id}/people`} novalidate>
            <CsrfField c={c} />
            <ErrorSummary c={c} errors={citizenForm?.errors ?? []} message={citizenForm?.message} />
            <Select c={c} name="role" label={c.t('networks.role')} value={citizenForm?.values.role} options={['coordinator', 'deputy_coordinator'].map((r) => ({ value: r, label: roleName(c, r) }))} />
            <Field c={c} name="email" type="email" label={c.t('networks.email')} value={citizenForm?.values.email} errors={citizenForm?.errors} required autocomplete="off" />
            <Field c={c} name="firstName" label={c.t('networks.firstName')} hint={c.t('networks.nameHint')} value={citizenForm?.values.firstName} errors={citizenForm?.errors} maxLength={60} autocomplete="off" />
            <Field c={c} name="lastName" label={c.t('networks.lastName')} value={citizenForm?.values.lastName} errors={citizenForm?.errors} maxLength={60} autocomplete="off" />
            <Select c={c} name="locale" label={c.t('networks.language')} value={citizenForm?.values.locale ?? data.zone?.defaultLanguage} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
            <button type="submit">{c.t('networks.appoint')}</button>
          </form>
          <h3>{c.t('networks.appointOfficer')}</h3>
          {data.police.length === 0 ? (
            <p>{c.t('networks.noPolice')}</p>
          ) : (
            <form method="post" action={`/networks/${id}/officers`} novalidate>
              <CsrfField c={c} />
              <ErrorSummary c={c} errors={officerForm?.errors ?? []} message={officerForm?.message} />
              <Select c={c} name="officerRole" label={c.t('networks.role')} value={officerForm?.values.officerRole} options={['officer', 'deputy_officer'].map((r) => ({ value: r, label: roleName(c, r) }))} />
              <Select c={c} name="accountId" label={c.t('networks.officer')} value={officerForm?.values.accountId} errors={officerForm?.errors} options={data.police.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))} />
              <button type="submit">{c.t('networks.appoint')}</button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

export function CharterSection({ c, data, form }: { c: ViewContext; data: NetworkPageData; form?: FormState<Values> | undefined }) {
  const { network } = data;
  return (
    <section aria-labelledby="charter-title">
      <h2 id="charter-title">{c.t('networks.charter')}</h2>
      <p>{network.charterSignedOn ? c.t('networks.charterSignedOn', { date: c.formatDate(Date.parse(`${network.charterSignedOn}T12:00:00Z`)) }) : c.t('networks.charterNotSigned')}</p>
      {network.charterFile && (
        <p>
          <a href={`/networks/${network.id}/charter.pdf`}>{c.t('networks.charterDownload', { kilobytes: Math.ceil((network.charterSize ?? 0) / 1024) })}</a>
        </p>
      )}
      {data.canManage && (
        <form method="post" action={`/networks/${network.id}/charter`} enctype="multipart/form-data" novalidate>
          <CsrfField c={c} />
          <ErrorSummary c={c} errors={form?.errors ?? []} message={form?.message} />
          <Field c={c} name="signedOn" type="date" label={c.t('networks.charterDate')} value={form?.values.signedOn ?? network.charterSignedOn} errors={form?.errors} />
          <div class="field">
            <label for="field-charter">{c.t('networks.charterFile')}</label>
            <p class="hint" id="field-charter-hint">
              {c.t('networks.charterFileHint')}
            </p>
            <input type="file" id="field-charter" name="charter" accept="application/pdf,.pdf" aria-describedby="field-charter-hint" />
          </div>
          <button type="submit">{c.t('networks.charterSave')}</button>
        </form>
      )}
    </section>
  );
}

export function AreaSection({ c, data, map }: { c: ViewContext; data: NetworkPageData; map: MapSettings }) {
  const { network } = data;
  return (
    <section aria-labelledby="area-title">
      <h2 id="area-title">{c.t('networks.area')}</h2>
      <AreaMap c={c} areasUrl={`/networks/${network.id}/area.geojson`} streetPointsUrl={`/networks/${network.id}/street-points.json`} map={map} mode="view" label={c.t('networks.area.mapLabel', { name: network.name })} />
      {data.areas.length === 0 ? (
        <p>{c.t('networks.area.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('networks.area.shape')}</th>
              <th scope="col">{c.t('networks.area.points')}</th>
              <th scope="col">{c.t('networks.area.size')}</th>
            </tr>
          </thead>
          <tbody>
            {data.areas.map((area, index) => (
              <tr>
                <td>{index + 1}</td>
                <td>{(area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates).flat().reduce((n, ring) => n + ring.length - 1, 0)}</td>
                <td>{c.t('geography.areaSize', { hectares: areaSquareMetres(area.geometry) / 10_000 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {data.canManage && (
          <>
            <a class="button secondary" href={`/networks/${network.id}/area`}>
              {c.t('networks.area.edit')}
            </a>{' '}
          </>
        )}
        <a href={`/networks/${network.id}/area.geojson?download=1`} download>
          {c.t('networks.area.export')}
        </a>
      </p>
      <h3>{c.t('networks.changes')}</h3>
      {data.changes.length === 0 ? (
        <p>{c.t('networks.changes.none')}</p>
      ) : (
        <ul>
          {data.changes.map((change) => (
            <li>
              {c.t('networks.changes.item', { date: c.formatDateTime(change.at), entered: change.enteredCount, left: change.leftCount, by: change.actorName ?? c.t('networks.system') })}{' '}
              {can(c.actor, 'members.read', { zoneId: network.zoneId, networkId: network.id }) && <a href={`/networks/${network.id}/area-changes/${change.id}`}>{c.t('areaChange.link')}</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function StreetsSection({ c, data, form }: { c: ViewContext; data: NetworkPageData; form?: FormState<Values> | undefined }) {
  const { network } = data;
  const numbers = (s: NetworkStreet) => (s.from === null && s.to === null ? c.t('networks.streets.allNumbers') : c.t('networks.streets.range', { from: s.from ?? 1, to: s.to ?? '…' }));
  return (
    <section aria-labelledby="streets-title">
      <h2 id="streets-title">{c.t('networks.streets')}</h2>
      {data.streets.length === 0 ? (
        <p>{c.t('networks.streets.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('networks.streets.street')}</th>
              <th scope="col">{c.t('networks.streets.postcode')}</th>
              <th scope="col">{c.t('networks.streets.numbers')}</th>
              <th scope="col">{c.t('networks.streets.side')}</th>
              <th scope="col">{c.t('networks.streets.kind')}</th>
              {data.canManage && <th scope="col"><span class="visually-hidden">{c.t('networks.actions')}</span></th>}
            </tr>
          </thead>
          <tbody>
            {data.streets.map((street) => (
              <tr>
                <td>{street.street}</td>
                <td>{street.postcode}</td>
                <td>{numbers(street)}</td>
                <td>{c.tDynamic(`geography.parity.${street.parity}`)}</td>
                <td>{street.buffer ? c.t('networks.streets.buffer') : c.t('networks.streets.inside')}</td>
                {data.canManage && (
                  <td>
                    <form method="post" action={`/networks/${network.id}/streets/${street.id}/remove`} class="inline">
                      <CsrfField c={c} />
                      <button type="submit" class="secondary" aria-label={c.t('networks.streets.removeLabel', { street: street.street })}>
                        {c.t('networks.removePerson')}
                      </button>
                    </form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.canManage && (
        <form method="post" action={`/networks/${network.id}/streets`} novalidate>
          <CsrfField c={c} />
          <h3>{c.t('networks.streets.add')}</h3>
          <ErrorSummary c={c} errors={form?.errors ?? []} message={form?.message} />
          <Field c={c} name="street" label={c.t('networks.streets.street')} value={form?.values.street} errors={form?.errors} required maxLength={200} />
          <Field c={c} name="postcode" label={c.t('networks.streets.postcode')} value={form?.values.postcode} errors={form?.errors} required inputMode="numeric" maxLength={4} />
          <Field c={c} name="from" label={c.t('networks.streets.from')} hint={c.t('networks.streets.rangeHint')} value={form?.values.from} errors={form?.errors} inputMode="numeric" maxLength={5} />
          <Field c={c} name="to" label={c.t('networks.streets.to')} value={form?.values.to} errors={form?.errors} inputMode="numeric" maxLength={5} />
          <Select c={c} name="parity" label={c.t('networks.streets.side')} value={form?.values.parity ?? 'all'} options={PARITIES.map((p) => ({ value: p, label: c.tDynamic(`geography.parity.${p}`) }))} />
          <Checkbox name="buffer" label={c.t('networks.streets.bufferLabel')} hint={c.t('networks.streets.bufferHint')} checked={form?.values.buffer === 'on'} />
          <button type="submit">{c.t('networks.streets.addButton')}</button>
        </form>
      )}
    </section>
  );
}
