// The area of an alert on the member's alert page: the networks' shapes, a drawn area or a circle.
// Without tiles the shapes stand on a blank background, which is enough to recognise a neighbourhood.

import { textElement } from './map-common.js';

const STYLE = { color: '#0b4f8a', weight: 3, fillColor: '#0b4f8a', fillOpacity: 0.15 };

for (const element of document.querySelectorAll('[data-alert-area]')) {
  const L = window.L;
  if (!L) break;
  const area = JSON.parse(element.dataset.alertArea);
  element.hidden = false;
  const map = L.map(element, { zoomSnap: 0.5 });
  const layer = L.geoJSON(area.shapes, {
    style: () => STYLE,
    onEachFeature: (feature, shape) => {
      if (feature.properties && feature.properties.name) shape.bindTooltip(textElement(feature.properties.name), { sticky: true });
    },
  }).addTo(map);
  if (area.circle) L.circle([area.circle.centre.lat, area.circle.centre.lon], { ...STYLE, radius: area.circle.radiusMetres }).addTo(layer);
  map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 });
}
