// "Enable notifications on this device": asks permission, subscribes with the platform's VAPID
// key (W3C Push API) and hands the subscription to the server.
const button = document.getElementById('push-enable');
const status = document.getElementById('push-status');

/** The VAPID public key (base64url) as the bytes `applicationServerKey` takes. */
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
}

function say(key) {
  status.textContent = button.dataset[key];
}

async function enable() {
  button.disabled = true;
  say('working');
  try {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return say('denied');
    const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    const subscription =
      (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(button.dataset.vapidKey) }));
    const response = await fetch('/me/push-subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': button.dataset.csrf },
      body: JSON.stringify(subscription.toJSON()),
    });
    if (!response.ok) return say('failed');
    window.location.assign('/me/notifications?done=enabled');
  } catch {
    say('failed');
  } finally {
    button.disabled = false;
  }
}

if (button && status) {
  if ('serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window) {
    button.hidden = false;
    status.textContent = '';
    button.addEventListener('click', () => void enable());
  } else {
    say('unsupported');
  }
}
