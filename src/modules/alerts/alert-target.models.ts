import type { LatLon } from '../geography/addresses.models.ts';
import { type Circle, circleContains, prepareArea } from '../geography/area-index.models.ts';
import type { AreaGeometry } from '../geography/geometry.models.ts';

/**
 * Who an alert is for: the active members of one or more networks, or the people whose home or
 * work address lies inside a drawn circle or polygon. Stored with the alert as JSON.
 */
export type AlertTarget = { kind: 'networks'; networkIds: string[] } | ({ kind: 'circle' } & Circle) | { kind: 'polygon'; geometry: AreaGeometry };

/** A point test for a drawn target (prepared once: a polygon may have thousands of points). */
export function areaFilter(target: Exclude<AlertTarget, { kind: 'networks' }>): (point: LatLon) => boolean {
  if (target.kind === 'circle') return (point) => circleContains(target, point);
  const area = prepareArea(target.geometry);
  return (point) => area.contains(point);
}

/** True when one of the person's located addresses lies inside the drawn area. */
export function livesOrWorksInside(addresses: readonly LatLon[], inside: (point: LatLon) => boolean): boolean {
  return addresses.some((address) => inside(address));
}
