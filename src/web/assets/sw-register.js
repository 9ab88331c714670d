// Member pages and alert pages: the member app's service worker (push, alerts kept for offline).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it, the pages work as before: no notifications, no offline copy.
  });
}
