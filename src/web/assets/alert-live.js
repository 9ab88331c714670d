// Live progress of an alert on /alerts/:id: listens to the server-sent events of the section's
// data-events URL and updates the counts, the reach sentence (an aria-live region), the newest
// changes and the members' sightings. Without JavaScript the page's refresh link does the same.
const section = document.getElementById('alert-live');
const url = section?.dataset.events;

if (section && url && 'EventSource' in window) {
  const summary = document.getElementById('alert-live-summary');
  const changes = document.getElementById('alert-live-changes');
  const sightings = document.getElementById('alert-live-sightings');
  const noSightings = document.getElementById('alert-live-sightings-none');

  // Each sighting as the server renders it: head line, text, photo link. Text only, never HTML.
  const sightingItem = (sighting) => {
    const item = document.createElement('li');
    item.dataset.sighting = sighting.id;
    const head = document.createElement('span');
    head.className = 'muted';
    head.textContent = sighting.head;
    const text = document.createElement('p');
    text.className = 'note-body';
    text.textContent = sighting.text;
    item.append(head, text);
    if (sighting.photo) {
      const link = document.createElement('a');
      link.href = sighting.photo;
      link.textContent = sightings.dataset.photoLabel;
      item.append(link);
    }
    return item;
  };
  const source = new EventSource(url);

  source.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    // Only a changed sentence is written, so screen readers announce real progress only.
    if (summary && summary.textContent !== data.summary) summary.textContent = data.summary;
    for (const cell of section.querySelectorAll('[data-cell]')) {
      const value = data.cells[cell.dataset.cell];
      if (value !== undefined && cell.textContent !== String(value)) cell.textContent = String(value);
    }
    if (changes) {
      changes.replaceChildren(
        ...data.changes.map((text) => {
          const item = document.createElement('li');
          item.textContent = text;
          return item;
        }),
      );
    }
    const shown = sightings ? Array.from(sightings.children, (item) => item.dataset.sighting).join(' ') : '';
    if (sightings && Array.isArray(data.sightings) && shown !== data.sightings.map((s) => s.id).join(' ')) {
      sightings.replaceChildren(...data.sightings.map(sightingItem));
      if (noSightings) noSightings.hidden = data.sightings.length > 0;
    }
  });

  window.addEventListener('pagehide', () => source.close());
}
