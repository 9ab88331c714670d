import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { can } from '../accounts/authorization.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type FormState, Select, TextArea } from './network-form.views.tsx';
import { MapAssets, type MapSettings } from './network-map.views.tsx';
import { type NetworkPageData, type NetworkPageForms, AreaSection, CharterSection, PeopleSection, StatusSection, StreetsSection } from './network-sections.views.tsx';
import { type Network, NETWORK_KINDS } from './networks.models.ts';
import { maySeeNetworkEvaluation } from '../evaluation/evaluation.models.ts';

export function kindName(c: ViewContext, kind: string): string {
  return c.tDynamic(`networks.kind.${kind}`, {}, 'form.invalid');
}

export function statusName(c: ViewContext, status: string): string {
  return c.tDynamic(`networks.status.${status}`, {}, 'form.invalid');
}

export function NetworksListPage({ c, networks, zones, counts, canCreate, notice }: { c: ViewContext; networks: readonly Network[]; zones: readonly Zone[]; counts: ReadonlyMap<string, number>; canCreate: boolean; notice?: string | undefined }) {
  const zoneName = (id: string) => zones.find((z) => z.id === id)?.name ?? '';
  return (
    <Layout c={c} title={c.t('networks.title')}>
      <h1>{c.t('networks.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {canCreate && (
        <p>
          <a class="button" href="/networks/new">
            {c.t('networks.new')}
          </a>
        </p>
      )}
      {networks.length === 0 ? (
        <p>{c.t('networks.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('networks.code')}</th>
              <th scope="col">{c.t('networks.name')}</th>
              <th scope="col">{c.t('networks.zone')}</th>
              <th scope="col">{c.t('networks.kind')}</th>
              <th scope="col">{c.t('networks.status')}</th>
              <th scope="col">{c.t('networks.addresses')}</th>
            </tr>
          </thead>
          <tbody>
            {networks.map((network) => (
              <tr>
                <td>{network.code}</td>
                <td>
                  <a href={`/networks/${network.id}`}>{network.name}</a>
                </td>
                <td>{zoneName(network.zoneId)}</td>
                <td>{kindName(c, network.kind)}</td>
                <td>{statusName(c, network.status)}</td>
                <td>{c.t('networks.addressCount', { count: counts.get(network.id) ?? 0 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export type NetworkFormValues = { name: string; code: string; kind: string; zoneId: string; description: string };

/** Create (with a zone to choose) or edit (zone fixed) a network. */
export function NetworkFormPage({ c, network, zones, form }: { c: ViewContext; network?: Network | undefined; zones: readonly Zone[]; form: FormState<NetworkFormValues> }) {
  const title = network ? c.t('networks.edit') : c.t('networks.new');
  const values = form.values;
  return (
    <Layout c={c} title={title}>
      <h1>{network ? network.name : title}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={network ? `/networks/${network.id}/edit` : '/networks'} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('networks.name')} value={values.name} errors={form.errors} required maxLength={120} />
        <Field c={c} name="code" label={c.t('networks.code')} hint={c.t('networks.codeHint')} value={values.code} errors={form.errors} required maxLength={6} inputMode="numeric" />
        <Select c={c} name="kind" label={c.t('networks.kind')} value={values.kind ?? 'residential'} errors={form.errors} options={NETWORK_KINDS.map((kind) => ({ value: kind, label: kindName(c, kind) }))} required />
        {network ? (
          <p>
            <strong>{c.t('networks.zone')}:</strong> {zones.find((z) => z.id === network.zoneId)?.name}
          </p>
        ) : (
          <Select c={c} name="zoneId" label={c.t('networks.zone')} value={values.zoneId} errors={form.errors} options={zones.map((zone) => ({ value: zone.id, label: zone.name }))} required />
        )}
        <TextArea c={c} name="description" label={c.t('networks.description')} hint={c.t('networks.descriptionHint')} value={values.description} errors={form.errors} maxLength={2000} />
        <button type="submit">{c.t('form.save')}</button>{' '}
        <a href={network ? `/networks/${network.id}` : '/networks'}>{c.t('form.cancel')}</a>
      </form>
    </Layout>
  );
}

/** The network's page: what it is, its status, people, charter, area and street list. */
export function NetworkPage({ c, data, forms = {}, notice, map }: { c: ViewContext; data: NetworkPageData; forms?: NetworkPageForms; notice?: string | undefined; map: MapSettings }) {
  const { network, zone } = data;
  return (
    <Layout c={c} title={network.name}>
      <p>
        <a href="/networks">{c.t('networks.back')}</a>
      </p>
      <h1>{network.name}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <dl class="details">
        <dt>{c.t('networks.code')}</dt>
        <dd>{network.code}</dd>
        <dt>{c.t('networks.zone')}</dt>
        <dd>{zone?.name}</dd>
        <dt>{c.t('networks.kind')}</dt>
        <dd>{kindName(c, network.kind)}</dd>
        <dt>{c.t('networks.status')}</dt>
        <dd>{c.t('networks.statusSince', { status: statusName(c, network.status), date: c.formatDate(network.statusChangedAt) })}</dd>
        <dt>{c.t('networks.addresses')}</dt>
        <dd>{c.t('networks.addressCount', { count: data.addressCount })}</dd>
        <dt>{c.t('networks.description')}</dt>
        <dd>{network.description || '—'}</dd>
      </dl>
      {data.canManage && (
        <p>
          <a class="button secondary" href={`/networks/${network.id}/edit`}>
            {c.t('networks.edit')}
          </a>
        </p>
      )}
      <NetworkMembersLinks c={c} network={network} />
      {maySeeNetworkEvaluation(c.actor, network, data.people) && (
        <p>
          <a href={`/networks/${network.id}/evaluation`}>{c.t('evaluation.link')}</a>
        </p>
      )}
      <StatusSection c={c} data={data} form={forms.status} />
      <PeopleSection c={c} data={data} citizenForm={forms.citizen} officerForm={forms.officer} />
      <CharterSection c={c} data={data} form={forms.charter} />
      <AreaSection c={c} data={data} map={map} />
      <StreetsSection c={c} data={data} form={forms.street} />
      <MapAssets edit={false} />
    </Layout>
  );
}

/** The coordinator's tools for this network, each shown only to those who may use it. */
function NetworkMembersLinks({ c, network }: { c: ViewContext; network: Network }) {
  const target = { networkId: network.id, zoneId: network.zoneId };
  if (!can(c.actor, 'members.read', target)) return null;
  const manage = can(c.actor, 'members.manage', target);
  const links = [
    { href: `/networks/${network.id}/members`, label: c.t('coordinator.list.title', { network: network.name }) },
    ...(manage ? [{ href: `/networks/${network.id}/applications`, label: c.t('members.applications.title', { network: network.name }) }] : []),
    { href: `/networks/${network.id}/unreachable`, label: c.t('coordinator.unreachable.title', { network: network.name }) },
    ...(manage ? [{ href: `/networks/${network.id}/import`, label: c.t('coordinator.import.title', { network: network.name }) }] : []),
    { href: `/networks/${network.id}/alerts`, label: c.t('console.networkAlerts.title') },
  ];
  return (
    <nav aria-labelledby="network-members-title">
      <h2 id="network-members-title">{c.t('networks.membersTitle')}</h2>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
