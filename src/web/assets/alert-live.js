// Live progress of an alert on /alerts/:id: listens to the server-sent events of the section's
// data-events URL and updates the counts, the reach sentence (an aria-live region) and the newest
// changes. Without JavaScript the page's refresh link does the same.
const section = document.getElementById('alert-live');
const url = section?.dataset.events;

if (section && url && 'EventSource' in window) {
  const summary = document.getElementById('alert-live-summary');
  const changes = document.getElementById('alert-live-changes');
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
  });

  window.addEventListener('pagehide', () => source.close());
}
