import { Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { formatAddress } from '../geography/addresses.models.ts';
import { type JoinNetwork, type JoinPageData, joinUrl } from './join.usecases.ts';
import { AreaMap, MapAssets, type MapSettings } from './network-map.views.tsx';

function NetworkCard({ c, zoneCode, network, highlighted }: { c: ViewContext; zoneCode: string; network: JoinNetwork; highlighted: boolean }) {
  const titleId = `network-${network.id}`;
  return (
    <li class={highlighted ? 'join-network covering' : 'join-network'} aria-labelledby={titleId}>
      <h3 id={titleId}>{network.name}</h3>
      {highlighted && <p class="join-covers">{c.t('join.coversYou')}</p>}
      <p class="muted">{c.tDynamic(`networks.kind.${network.kind}`, {}, 'form.invalid')}</p>
      {network.description && <p>{network.description}</p>}
      <p>
        {network.coordinatorFirstNames.length > 0
          ? c.t('join.coordinators', { count: network.coordinatorFirstNames.length, names: network.coordinatorFirstNames.join(', ') })
          : c.t('join.noCoordinator')}
      </p>
      <p>
        <a class="button" href={joinUrl(zoneCode, network.id)}>
          {c.t('join.joinNetwork', { name: network.name })}
        </a>
      </p>
    </li>
  );
}

function Lookup({ c, data }: { c: ViewContext; data: JoinPageData }) {
  const { lookup, zone } = data;
  const base = `/join/${encodeURIComponent(zone.code)}`;
  switch (lookup.state) {
    case 'none':
      return null;
    case 'not_found':
      return (
        <div class="notice" role="status">
          <p>{c.t('join.noAddress', { query: lookup.query })}</p>
        </div>
      );
    case 'choose':
      return (
        <div role="status">
          <p>{c.t('join.chooseAddress')}</p>
          <ul>
            {lookup.candidates.map((address) => (
              <li>
                <a href={`${base}?q=${encodeURIComponent(lookup.query)}&address=${encodeURIComponent(address.id)}#result`}>{formatAddress(address, c.locale)}</a>
              </li>
            ))}
          </ul>
        </div>
      );
    case 'found': {
      const names = data.networks.filter((n) => lookup.networkIds.includes(n.id)).map((n) => n.name);
      return (
        <div class="notice" role="status" id="result">
          <p>
            <strong>{formatAddress(lookup.address, c.locale)}</strong>
          </p>
          <p>{names.length > 0 ? c.t('join.covered', { count: names.length, names: names.join(', ') }) : c.t('join.notCovered', { zone: zone.name })}</p>
        </div>
      );
    }
  }
}

/** The public page of a zone: find your network by address, see the areas, join. */
export function JoinPage({ c, data, map }: { c: ViewContext; data: JoinPageData; map: MapSettings }) {
  const { zone, networks, lookup } = data;
  const covering = lookup.state === 'found' ? lookup.networkIds : [];
  const title = c.t('join.title', { zone: zone.name });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p class="lead">{c.t('join.intro')}</p>
      <section aria-labelledby="search-title">
        <h2 id="search-title">{c.t('join.searchTitle')}</h2>
        <form method="get" action={`/join/${encodeURIComponent(zone.code)}`} role="search" class="address-search">
          <div class="field">
            <label for="field-q">{c.t('join.address')}</label>
            <p class="hint" id="field-q-hint">
              {c.t('join.addressHint')}
            </p>
            <input id="field-q" name="q" type="search" value={lookup.state === 'none' ? '' : lookup.query} autocomplete="street-address" aria-describedby="field-q-hint" list="address-suggestions" maxLength={100} data-address-autocomplete="/api/v1/addresses" />
            <datalist id="address-suggestions" />
          </div>
          <button type="submit">{c.t('join.search')}</button>
        </form>
        <Lookup c={c} data={data} />
      </section>
      <section aria-labelledby="networks-title">
        <h2 id="networks-title">{c.t('join.networksTitle', { count: networks.length })}</h2>
        {networks.length === 0 ? (
          <p>{c.t('join.noNetworks', { zone: zone.name })}</p>
        ) : (
          <>
            <AreaMap c={c} areasUrl={`/join/${encodeURIComponent(zone.code)}/areas.geojson`} streetPointsUrl={`/join/${encodeURIComponent(zone.code)}/street-points.json`} map={map} mode="view" label={c.t('join.mapLabel', { zone: zone.name })} />
            <ul class="join-networks">
              {networks.map((network) => (
                <NetworkCard c={c} zoneCode={zone.code} network={network} highlighted={covering.includes(network.id)} />
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="callout" aria-labelledby="join-emergency-title">
        <h2 id="join-emergency-title">{c.t('join.emergencyTitle')}</h2>
        <p>{c.t('join.emergencyText')}</p>
      </section>
      {networks.length > 0 && <MapAssets edit={false} />}
      <script type="module" src="/assets/address-search.js" />
    </Layout>
  );
}
