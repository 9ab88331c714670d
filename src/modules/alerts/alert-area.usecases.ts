import type { App } from '../../app.ts';
import type { Circle } from '../geography/area-index.models.ts';
import { type AreaFeatureCollection, toFeatureCollection } from '../networks/network-areas.models.ts';
import type { AlertTarget } from './alert-target.models.ts';

/** The area an alert was sent to, for the map on the member's alert page. */
export type AlertArea = { shapes: AreaFeatureCollection; circle: Circle | null };

/**
 * The target's shapes: the areas of its networks (with their names), the drawn polygon, or the
 * circle. Only what the public join page shows already: no address, no person.
 */
export async function alertArea(app: Pick<App, 'networks' | 'networkAreas'>, target: AlertTarget): Promise<AlertArea> {
  if (target.kind === 'circle') return { shapes: { type: 'FeatureCollection', features: [] }, circle: { centre: target.centre, radiusMetres: target.radiusMetres } };
  if (target.kind === 'polygon') return { shapes: toFeatureCollection([{ id: 'area', geometry: target.geometry }]), circle: null };
  const areas = await app.networkAreas.listAreas(target.networkIds);
  const features = [];
  for (const networkId of target.networkIds) {
    const network = await app.networks.findById(networkId);
    features.push(...toFeatureCollection(areas.filter((area) => area.networkId === networkId), { name: network?.name ?? '' }).features);
  }
  return { shapes: { type: 'FeatureCollection', features }, circle: null };
}
