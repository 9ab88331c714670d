import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { BBox } from '../geography/geometry.models.ts';
import { type FormState, TextArea } from './network-form.views.tsx';
import type { Network } from './networks.models.ts';

/** Where the map starts and which background it has (none unless a tile URL is configured). */
export type MapSettings = { bounds: BBox | null; tileUrl?: string | undefined; tileAttribution?: string | undefined };

export const MAP_ADDRESSES_URL = '/map/addresses.json';

/**
 * The map element read by /assets/network-map.js. Data travels in data-* attributes (the CSP
 * forbids inline scripts); the areas come from `areasUrl` as GeoJSON. Hidden until the script
 * shows it: without JavaScript the tables and the GeoJSON field do the work.
 */
export function AreaMap({ c, areasUrl, streetPointsUrl, map, mode, target, label }: { c: ViewContext; areasUrl: string; streetPointsUrl?: string; map: MapSettings; mode: 'view' | 'edit'; target?: string; label: string }) {
  const bounds = map.bounds ? [map.bounds.minLat, map.bounds.minLon, map.bounds.maxLat, map.bounds.maxLon].join(',') : undefined;
  return (
    <div
      class="area-map"
      role="region"
      aria-label={label}
      hidden
      data-area-map={mode}
      data-areas-url={areasUrl}
      data-street-points-url={streetPointsUrl}
      data-addresses-url={MAP_ADDRESSES_URL}
      data-bounds={bounds}
      data-target={target}
      data-tile-url={map.tileUrl}
      data-tile-attribution={map.tileAttribution}
      data-lang={c.locale}
    />
  );
}

/** Leaflet (and Geoman to draw) from node_modules, then the page's own module; no CDN. */
export function MapAssets({ edit, module = '/assets/network-map.js' }: { edit: boolean; module?: string }) {
  return (
    <>
      <link rel="stylesheet" href="/assets/vendor/leaflet/leaflet.css" />
      {edit && <link rel="stylesheet" href="/assets/vendor/geoman/leaflet-geoman.css" />}
      <script src="/assets/vendor/leaflet/leaflet.js" defer />
      {edit && <script src="/assets/vendor/geoman/leaflet-geoman.min.js" defer />}
      <script type="module" src={module} />
    </>
  );
}

/**
 * The area editor: draw on the map (which writes the GeoJSON field), or paste GeoJSON, or load a
 * file. The same form saves all three.
 */
export function AreaEditorPage({ c, network, map, form, importForm }: { c: ViewContext; network: Network; map: MapSettings; form: FormState<{ geojson: string }>; importForm?: FormState<Record<string, never>> | undefined }) {
  const title = c.t('networks.area.editTitle', { name: network.name });
  return (
    <Layout c={c} title={title}>
      <p>
        <a href={`/networks/${network.id}`}>{c.t('networks.backToNetwork', { name: network.name })}</a>
      </p>
      <h1>{title}</h1>
      <p>{c.t('networks.area.editIntro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <AreaMap c={c} areasUrl={`/networks/${network.id}/area.geojson`} streetPointsUrl={`/networks/${network.id}/street-points.json`} map={map} mode="edit" target="field-geojson" label={c.t('networks.area.mapEditLabel')} />
      <form method="post" action={`/networks/${network.id}/area`} novalidate>
        <CsrfField c={c} />
        <TextArea c={c} name="geojson" label={c.t('networks.area.geojson')} hint={c.t('networks.area.geojsonHint')} value={form.values.geojson} errors={form.errors} rows={10} spellcheck={false} />
        <button type="submit">{c.t('networks.area.save')}</button>
      </form>
      <section aria-labelledby="import-title">
        <h2 id="import-title">{c.t('networks.area.importTitle')}</h2>
        {importForm && <ErrorSummary c={c} errors={importForm.errors} message={importForm.message} />}
        <form method="post" action={`/networks/${network.id}/area/import`} enctype="multipart/form-data">
          <CsrfField c={c} />
          <div class="field">
            <label for="field-file">{c.t('networks.area.file')}</label>
            <p class="hint" id="field-file-hint">
              {c.t('networks.area.fileHint')}
            </p>
            <input type="file" id="field-file" name="file" accept=".geojson,.json,application/geo+json,application/json" aria-describedby="field-file-hint" required />
          </div>
          <button type="submit">{c.t('networks.area.import')}</button>
        </form>
        <p>
          <a href={`/networks/${network.id}/area.geojson?download=1`} download>
            {c.t('networks.area.export')}
          </a>
        </p>
      </section>
      <MapAssets edit />
    </Layout>
  );
}
