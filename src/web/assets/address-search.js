// Address autocomplete for forms that work without it: suggestions from GET /api/v1/addresses
// fill the input's <datalist>; the form is still submitted and answered by the server.

const MIN_LENGTH = 3;
const DELAY_MS = 250;

function enhance(input) {
  const list = document.getElementById(input.getAttribute('list'));
  if (!list) return;
  let timer = 0;
  let controller = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_LENGTH) return;
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const response = await fetch(`${input.dataset.addressAutocomplete}?q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const { items } = await response.json();
        list.replaceChildren(
          ...items.map((item) => {
            const option = document.createElement('option');
            option.value = item.label;
            return option;
          }),
        );
      } catch (error) {
        if (error.name !== 'AbortError') throw error;
      }
    }, DELAY_MS);
  });
}

for (const input of document.querySelectorAll('input[data-address-autocomplete]')) enhance(input);
