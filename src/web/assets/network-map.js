// Network maps (Leaflet, and Geoman to draw). Works without map tiles: the addresses are drawn as
// dots with their street names, on a blank background. Everything comes from data-* attributes
// and JSON routes, never from inline script (the Content-Security-Policy forbids it).

import { labelGeomanButtons, textElement } from './map-common.js';

const BELGIUM = { center: [50.64, 4.67], zoom: 8 };
/** From this zoom on the addresses and street names are drawn (a few streets in view). */
const ADDRESS_ZOOM = 15;
const AREA_STYLE = { color: '#0b4f8a', weight: 3, fillColor: '#0b4f8a', fillOpacity: 0.12 };

function parseBounds(text) {
  const parts = (text || '').split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  return [
    [parts[0], parts[1]],
    [parts[2], parts[3]],
  ];
}

/** Address dots and street names for the part of the map in view. */
function followAddresses(L, map, url) {
  const layer = L.layerGroup().addTo(map);
  let controller = null;
  async function refresh() {
    if (controller) controller.abort();
    layer.clearLayers();
    if (map.getZoom() < ADDRESS_ZOOM) return;
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(6)).join(',');
    controller = new AbortController();
    try {
      const response = await fetch(`${url}?bbox=${bbox}`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const data = await response.json();
      for (const [lat, lon] of data.points) {
        L.circleMarker([lat, lon], { radius: 2, weight: 0, fillColor: '#4a5361', fillOpacity: 0.8, interactive: false, pmIgnore: true }).addTo(layer);
      }
      for (const street of data.streets) {
        const icon = L.divIcon({ className: 'street-label', html: textElement(street.name), iconSize: null });
        L.marker([street.lat, street.lon], { icon, interactive: false, keyboard: false, pmIgnore: true }).addTo(layer);
      }
    } catch (error) {
      if (error.name !== 'AbortError') throw error;
    }
  }
  map.on('moveend', refresh);
  refresh();
}

/** Addresses that a street list brings in have no polygon: they are drawn as larger dots (rings for buffer streets). */
async function showStreetLists(L, map, url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const { points } = await response.json();
  const layer = L.layerGroup().addTo(map);
  for (const [lat, lon, buffer] of points) {
    L.circleMarker([lat, lon], { radius: 4, weight: 2, color: AREA_STYLE.color, fillColor: AREA_STYLE.color, fillOpacity: buffer ? 0 : 0.8, interactive: false, pmIgnore: true }).addTo(layer);
  }
}

/** The drawn shapes as a FeatureCollection, written to the form's GeoJSON field. */
function syncField(L, map, field) {
  const polygons = map.pm.getGeomanLayers().filter((layer) => layer instanceof L.Polygon);
  const features = polygons.map((layer) => ({ ...layer.toGeoJSON(6), properties: {} }));
  field.value = features.length > 0 ? JSON.stringify({ type: 'FeatureCollection', features }) : '';
}

function enableDrawing(L, map, areas, field) {
  map.pm.setLang(document.documentElement.lang || 'en');
  map.pm.addControls({
    position: 'topleft',
    drawMarker: false,
    drawCircleMarker: false,
    drawPolyline: false,
    drawCircle: false,
    drawText: false,
    rotateMode: false,
    drawRectangle: true,
    drawPolygon: true,
    editMode: true,
    dragMode: true,
    cutPolygon: true,
    removalMode: true,
  });
  map.pm.setGlobalOptions({ allowSelfIntersection: false, pathOptions: AREA_STYLE });
  labelGeomanButtons(map);
  const sync = () => syncField(L, map, field);
  const watch = (layer) => layer.on('pm:edit pm:update pm:dragend pm:cut', sync);
  areas.eachLayer(watch);
  map.on('pm:create', (event) => {
    watch(event.layer);
    sync();
  });
  map.on('pm:remove pm:cut', sync);
  // A pasted or edited GeoJSON is drawn again when the field is left.
  field.addEventListener('change', () => {
    let collection;
    try {
      collection = field.value.trim() ? JSON.parse(field.value) : { type: 'FeatureCollection', features: [] };
    } catch {
      return;
    }
    for (const layer of map.pm.getGeomanLayers()) if (layer instanceof L.Polygon) layer.remove();
    areas.clearLayers();
    areas.addData(collection);
    areas.eachLayer(watch);
    if (areas.getLayers().length > 0) map.fitBounds(areas.getBounds(), { padding: [20, 20] });
  });
}

async function showMap(element) {
  const L = window.L;
  if (!L) return;
  element.hidden = false;
  const mode = element.dataset.areaMap;
  const map = L.map(element, { preferCanvas: true, zoomSnap: 0.5 });
  const tileUrl = element.dataset.tileUrl;
  // Leaflet writes the attribution as HTML: the configured credit line is text, so it is escaped.
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: textElement(element.dataset.tileAttribution || '').innerHTML }).addTo(map);
  const bounds = parseBounds(element.dataset.bounds);
  if (bounds) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
  else map.setView(BELGIUM.center, BELGIUM.zoom);

  const areas = L.geoJSON(null, {
    style: () => AREA_STYLE,
    onEachFeature: (feature, layer) => {
      const name = feature.properties && feature.properties.name;
      if (mode === 'view' && name) layer.bindTooltip(textElement(name), { sticky: true });
    },
  }).addTo(map);
  const response = await fetch(element.dataset.areasUrl, { headers: { accept: 'application/geo+json' } });
  if (response.ok) areas.addData(await response.json());
  if (!bounds && areas.getLayers().length > 0) map.fitBounds(areas.getBounds(), { padding: [20, 20] });

  if (element.dataset.addressesUrl) followAddresses(L, map, element.dataset.addressesUrl);
  if (element.dataset.streetPointsUrl) showStreetLists(L, map, element.dataset.streetPointsUrl);
  const field = element.dataset.target ? document.getElementById(element.dataset.target) : null;
  if (mode === 'edit' && map.pm && field) enableDrawing(L, map, areas, field);
}

for (const element of document.querySelectorAll('[data-area-map]')) showMap(element);
