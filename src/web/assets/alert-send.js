// The 5-second countdown before an alert goes out. Without this module the preview's "send now"
// button submits at once; with it, the first press starts a countdown that "do not send" stops.

const form = document.getElementById('alert-send-form');
const send = document.getElementById('alert-send');
const stop = document.getElementById('alert-send-cancel');
const status = document.getElementById('alert-countdown');

if (form && send && stop && status) {
  const seconds = Number(form.dataset.countdownSeconds) || 5;
  let timer = 0;
  let confirmed = false;

  const show = (left) => {
    status.textContent = status.dataset.template.replace('{seconds}', String(left));
  };

  form.addEventListener('submit', (event) => {
    // Only the send button counts down; "back to the form" submits as it is.
    if (confirmed || event.submitter !== send) return;
    event.preventDefault();
    if (timer) return;
    let left = seconds;
    status.hidden = false;
    stop.hidden = false;
    send.disabled = true;
    show(left);
    stop.focus();
    timer = setInterval(() => {
      left -= 1;
      if (left > 0) return show(left);
      clearInterval(timer);
      confirmed = true;
      // The disabled button is not submitted, which is fine: the form's fields carry everything.
      form.requestSubmit();
    }, 1000);
  });

  stop.addEventListener('click', () => {
    clearInterval(timer);
    timer = 0;
    status.textContent = status.dataset.stopped;
    stop.hidden = true;
    send.disabled = false;
    send.focus();
  });
}
