// The offline page: the alert pages this device kept (the service worker's cache), newest first.
const list = document.getElementById('offline-alerts');

function item(content) {
  const li = document.createElement('li');
  li.append(content);
  list.append(li);
}

async function show() {
  const cache = 'caches' in window ? await caches.open('waakzaam-alerts') : undefined;
  const requests = cache ? (await cache.keys()).reverse() : [];
  for (const request of requests) {
    const response = await cache.match(request);
    if (!response) continue;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const link = document.createElement('a');
    link.href = request.url;
    link.textContent = page.querySelector('h1')?.textContent?.trim() || page.title;
    item(link);
  }
  if (requests.length === 0) item(list.dataset.none);
}

if (list) show().catch(() => item(list.dataset.none));
