// The alert composer's map and live count. Without this module the form works as it is: networks
// are ticked, a circle is an address and a radius, an area is pasted as GeoJSON. With it, the
// zone's networks are drawn and can be clicked, an area can be drawn, and the count follows.

import { labelGeomanButtons, textElement } from './map-common.js';

const BELGIUM = { center: [50.64, 4.67], zoom: 8 };
const NETWORK_STYLE = { color: '#0b4f8a', weight: 2, fillColor: '#0b4f8a', fillOpacity: 0.08, dashArray: '6 4' };
// Chosen networks differ by line (solid, thicker) and fill, not by colour alone.
const CHOSEN_STYLE = { color: '#0b4f8a', weight: 4, fillColor: '#0b4f8a', fillOpacity: 0.3, dashArray: null };
const DRAWN_STYLE = { color: '#8a1c0b', weight: 3, fillColor: '#8a1c0b', fillOpacity: 0.15 };
const CIRCLE_VERTICES = 64;
const COUNT_DELAY_MS = 400;

const form = document.querySelector('[data-alert-compose-map]')?.closest('form');
const zoneOf = (f) => f.elements.namedItem('zoneId')?.value || '';
const radio = (value) => document.getElementById(`target-${value}`);

/** A circle drawn on the map, as the polygon the server understands (lon/lat, closed ring). */
function circleToPolygon(circle) {
  const centre = circle.getLatLng();
  const radius = circle.getRadius();
  const ring = [];
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLon = metresPerDegreeLat * Math.cos((centre.lat * Math.PI) / 180);
  for (let i = 0; i < CIRCLE_VERTICES; i++) {
    const angle = (2 * Math.PI * i) / CIRCLE_VERTICES;
    ring.push([+(centre.lng + (radius * Math.sin(angle)) / metresPerDegreeLon).toFixed(6), +(centre.lat + (radius * Math.cos(angle)) / metresPerDegreeLat).toFixed(6)]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

function startCounting(f) {
  const output = document.getElementById('alert-live-count');
  if (!output) return () => {};
  let timer = 0;
  let controller = null;
  async function count() {
    if (controller) controller.abort();
    controller = new AbortController();
    const body = new URLSearchParams(new FormData(f));
    try {
      const response = await fetch(output.dataset.countUrl, {
        method: 'POST',
        body,
        signal: controller.signal,
        headers: { accept: 'application/json', 'x-csrf-token': f.elements.namedItem('_csrf').value },
      });
      const data = await response.json();
      if (response.ok) {
        output.textContent = output.dataset.template
          .replace('{people}', String(data.people))
          .replace('{email}', String(data.channels.email))
          .replace('{sms}', String(data.channels.sms))
          .replace('{voice}', String(data.channels.voice))
          .replace('{push}', String(data.channels.push));
      } else if (data.errors) {
        output.textContent = data.errors.map((error) => error.message).join(' ');
      }
    } catch (error) {
      if (error.name !== 'AbortError') throw error;
    }
  }
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(count, COUNT_DELAY_MS);
  };
  f.addEventListener('change', later);
  later();
  return later;
}

async function showMap(element, f, recount) {
  const L = window.L;
  if (!L) return;
  element.hidden = false;
  const map = L.map(element, { preferCanvas: false, zoomSnap: 0.5 }).setView(BELGIUM.center, BELGIUM.zoom);
  const field = document.getElementById(element.dataset.polygonField);
  const checkbox = (networkId) => document.getElementById(`network-${networkId}`);

  const networks = L.geoJSON(null, {
    pmIgnore: true,
    style: (feature) => (checkbox(feature.properties.networkId)?.checked ? CHOSEN_STYLE : NETWORK_STYLE),
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(textElement(feature.properties.name), { sticky: true });
      layer.on('click', () => {
        const box = checkbox(feature.properties.networkId);
        if (!box) return;
        box.checked = !box.checked;
        radio('networks').checked = true;
        box.dispatchEvent(new Event('change', { bubbles: true }));
      });
    },
  }).addTo(map);
  const restyle = () => networks.setStyle((feature) => (checkbox(feature.properties.networkId)?.checked ? CHOSEN_STYLE : NETWORK_STYLE));

  async function loadZone() {
    networks.clearLayers();
    const zoneId = zoneOf(f);
    if (!zoneId) return;
    const response = await fetch(element.dataset.areasUrl.replace('{zoneId}', encodeURIComponent(zoneId)), { headers: { accept: 'application/geo+json' } });
    if (!response.ok) return;
    networks.addData(await response.json());
    if (networks.getLayers().length > 0) map.fitBounds(networks.getBounds(), { padding: [20, 20] });
  }
  f.addEventListener('change', (event) => {
    if (event.target.name === 'networkIds') restyle();
    if (event.target.name === 'zoneId') loadZone();
  });

  if (map.pm && field) {
    map.pm.setLang(document.documentElement.lang || 'en');
    map.pm.addControls({
      position: 'topleft',
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawText: false,
      rotateMode: false,
      cutPolygon: false,
      dragMode: false,
      drawRectangle: true,
      drawPolygon: true,
      drawCircle: true,
      editMode: true,
      removalMode: true,
    });
    map.pm.setGlobalOptions({ allowSelfIntersection: false, pathOptions: DRAWN_STYLE });
    labelGeomanButtons(map);
    let drawn = null;
    const sync = () => {
      field.value = drawn ? JSON.stringify(drawn instanceof L.Circle ? circleToPolygon(drawn) : drawn.toGeoJSON(6).geometry) : '';
      if (drawn) radio('polygon').checked = true;
      recount();
    };
    map.on('pm:create', (event) => {
      // One drawn area at a time: a new drawing replaces the previous one.
      if (drawn) drawn.remove();
      drawn = event.layer;
      drawn.on('pm:edit pm:update', sync);
      sync();
    });
    map.on('pm:remove', (event) => {
      if (event.layer === drawn) drawn = null;
      sync();
    });
  }
  await loadZone();
}

if (form) {
  const recount = startCounting(form);
  showMap(form.querySelector('[data-alert-compose-map]'), form, recount);
}
