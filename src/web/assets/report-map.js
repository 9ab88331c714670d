// The report form's map (Leaflet): a click puts the point in the hidden lat/lon fields and says so
// in words. The form works without it: the address field alone is enough.

const BELGIUM = { center: [50.64, 4.67], zoom: 8 };
const BOUNDS = { minLat: 49.4, maxLat: 51.6, minLon: 2.4, maxLon: 6.5 };

function showMap(element) {
  const L = window.L;
  const lat = document.getElementById('report-lat');
  const lon = document.getElementById('report-lon');
  const status = document.getElementById('report-point-status');
  if (!L || !lat || !lon) return;
  element.hidden = false;
  const map = L.map(element, { zoomSnap: 0.5 });
  const tileUrl = element.dataset.tileUrl;
  if (tileUrl) {
    const credit = document.createElement('span');
    credit.textContent = element.dataset.tileAttribution || '';
    L.tileLayer(tileUrl, { maxZoom: 19, attribution: credit.innerHTML }).addTo(map);
  }
  let marker = null;
  const place = (point) => {
    if (marker) marker.setLatLng(point);
    else marker = L.circleMarker(point, { radius: 8, color: '#0b4f8a', weight: 3, fillOpacity: 0.4 }).addTo(map);
  };
  const start = lat.value && lon.value ? [Number(lat.value), Number(lon.value)] : null;
  if (start && start.every(Number.isFinite)) {
    map.setView(start, 16);
    place(start);
  } else map.setView(BELGIUM.center, BELGIUM.zoom);
  map.on('click', (event) => {
    const { lat: y, lng: x } = event.latlng;
    // Outside Belgium the server refuses the point: do not offer it.
    if (y < BOUNDS.minLat || y > BOUNDS.maxLat || x < BOUNDS.minLon || x > BOUNDS.maxLon) return;
    lat.value = y.toFixed(6);
    lon.value = x.toFixed(6);
    place([y, x]);
    if (status) status.textContent = (element.dataset.chosen || '{lat}, {lon}').replace('{lat}', lat.value).replace('{lon}', lon.value);
  });
}

for (const element of document.querySelectorAll('[data-report-map]')) showMap(element);
