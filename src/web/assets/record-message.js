// "Record in the browser" on the recorded update form: the microphone through MediaRecorder,
// decoded by the Web Audio API and written as a 16-bit PCM wav (the server's sox reads wav, not
// the browser's opus), then put into the form's file field: the person listens, then sends as if
// they had chosen the file. Without a microphone or these APIs the form works as before.
const box = document.getElementById('recorder');
const input = document.getElementById('field-file');
const start = document.getElementById('recorder-start');
const stop = document.getElementById('recorder-stop');
const status = document.getElementById('recorder-status');
const preview = document.getElementById('recorder-preview');

function say(key, seconds) {
  status.textContent = box.dataset[key].replace('{seconds}', String(seconds ?? ''));
}

/** 16-bit little-endian PCM, mono, in a RIFF/WAVE container. */
function wav(samples, sampleRate) {
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, value) => [...value].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((sample, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, sample)) * 0x7fff, true));
  return new Blob([view], { type: 'audio/wav' });
}

let recorder;

async function record() {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
    recorder.addEventListener('stop', async () => {
      stream.getTracks().forEach((track) => track.stop());
      try {
        const context = new AudioContext();
        const decoded = await context.decodeAudioData(await new Blob(chunks).arrayBuffer());
        const file = new File([wav(decoded.getChannelData(0), decoded.sampleRate)], 'message.wav', { type: 'audio/wav' });
        const transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        preview.src = URL.createObjectURL(file);
        preview.hidden = false;
        say('ready', Math.round(decoded.duration));
      } catch {
        say('failed');
      }
      start.disabled = false;
    });
    recorder.start();
    start.disabled = true;
    stop.disabled = false;
    say('recording');
  } catch {
    say('failed');
  }
}

if (box && input && navigator.mediaDevices?.getUserMedia && window.MediaRecorder && window.AudioContext && window.DataTransfer) {
  box.hidden = false;
  start.addEventListener('click', record);
  stop.addEventListener('click', () => {
    stop.disabled = true;
    recorder?.stop();
  });
}
