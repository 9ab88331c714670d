import type { ViewContext } from '../../web/view-context.ts';
import { MapAssets } from '../networks/network-map.views.tsx';
import type { AlertArea } from './alert-area.usecases.ts';

/**
 * The area of the alert on a map (read by /assets/alert-area.js; the shapes travel in a data
 * attribute because the CSP forbids inline scripts). Hidden until drawn; nothing without shapes.
 */
export function AlertAreaMap({ c, area }: { c: ViewContext; area: AlertArea }) {
  if (area.shapes.features.length === 0 && !area.circle) return null;
  return (
    <>
      <div class="area-map area-map-small" role="region" aria-label={c.t('alerts.page.mapLabel')} hidden data-alert-area={JSON.stringify(area)} />
      <MapAssets edit={false} module="/assets/alert-area.js" />
    </>
  );
}
