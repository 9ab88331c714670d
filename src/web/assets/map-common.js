// Shared by the maps of the platform (network areas, the alert composer).

/** A text node wrapper: Leaflet puts string content in innerHTML, an element it adopts as is. */
export function textElement(text, className) {
  const span = document.createElement('span');
  span.textContent = text;
  if (className) span.className = className;
  return span;
}

/** Geoman's buttons are empty links titled on their parent: give each its accessible name. */
export function labelGeomanButtons(map) {
  for (const button of map.getContainer().querySelectorAll('.leaflet-pm-toolbar .leaflet-buttons-control-button')) {
    const title = button.closest('[title]')?.getAttribute('title');
    if (title) button.setAttribute('aria-label', title);
  }
}
