// Address search for the member forms (registration, "my address"): a search box above the
// address fields that fills street, number, box, postcode and municipality from the address API.
// Progressive enhancement: without JavaScript the fields are typed and checked on submit.
const MIN_QUERY = 3;
const DELAY_MS = 250;

function enhance(fieldset) {
  const prefix = fieldset.dataset.addressAutocomplete;
  const field = (name) => fieldset.querySelector(`[name="${prefix}${name}"]`);
  const id = `${prefix}-address-search`;

  const wrapper = document.createElement('div');
  wrapper.className = 'field address-search';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = fieldset.dataset.searchLabel;
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.id = `${id}-hint`;
  hint.textContent = fieldset.dataset.searchHint;
  const input = document.createElement('input');
  input.type = 'search';
  input.id = id;
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', `${id}-hint ${id}-status`);
  const status = document.createElement('p');
  status.className = 'hint';
  status.id = `${id}-status`;
  status.setAttribute('role', 'status');
  const results = document.createElement('ul');
  results.className = 'address-results';
  wrapper.append(label, hint, input, status, results);
  const legendOrHint = fieldset.querySelector(':scope > .hint') ?? fieldset.querySelector('legend');
  legendOrHint.after(wrapper);

  let timer;
  let controller;

  function fill(address) {
    field('Street').value = address.street;
    field('Number').value = address.houseNumber;
    field('Box').value = address.box ?? '';
    field('Postcode').value = address.postcode;
    field('Municipality').value = address.municipality;
    results.replaceChildren();
    status.textContent = address.label;
    field('Street').focus();
  }

  function show(items) {
    results.replaceChildren(
      ...items.map((address) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'link';
        button.textContent = address.label;
        button.addEventListener('click', () => fill(address));
        item.append(button);
        return item;
      }),
    );
    const template = items.length === 1 ? fieldset.dataset.resultsOne : fieldset.dataset.resultsOther;
    status.textContent = items.length === 0 ? fieldset.dataset.noResults : template.replace('{count}', String(items.length));
  }

  async function search(query) {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/api/v1/addresses?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' }, signal: controller.signal });
      if (!response.ok) return;
      show((await response.json()).items);
    } catch (error) {
      if (error.name !== 'AbortError') status.textContent = '';
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_QUERY) {
      results.replaceChildren();
      status.textContent = '';
      return;
    }
    timer = setTimeout(() => search(query), DELAY_MS);
  });
  // Enter in the search box searches; it must not submit the whole form.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      clearTimeout(timer);
      if (input.value.trim().length >= MIN_QUERY) search(input.value.trim());
    }
  });
}

for (const fieldset of document.querySelectorAll('[data-address-autocomplete]')) enhance(fieldset);
