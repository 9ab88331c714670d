/**
 * RIFF/WAVE with 16-bit PCM, 8 kHz mono: how spoken messages and recorded prompts are kept on
 * disk, read back by the voice channel (sox) and served to the console's `<audio>` element.
 */
const SAMPLE_RATE = 8000;

export function pcmToWav(pcm: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const data = pcm.length * 2;
  const wav = Buffer.alloc(44 + data);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // byte rate
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(data, 40);
  for (let i = 0; i < pcm.length; i += 1) wav.writeInt16LE(pcm[i]!, 44 + i * 2);
  return wav;
}

/** The samples of a wav file this module wrote (16-bit mono PCM); undefined for anything else. */
export function wavToPcm(wav: Buffer): Int16Array | undefined {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let offset = 12;
  let format: { channels: number; bits: number; pcm: boolean } | undefined;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') format = { pcm: wav.readUInt16LE(body) === 1, channels: wav.readUInt16LE(body + 2), bits: wav.readUInt16LE(body + 14) };
    if (id === 'data') {
      if (!format?.pcm || format.channels !== 1 || format.bits !== 16) return undefined;
      const end = Math.min(wav.length, body + size);
      const pcm = new Int16Array((end - body) >> 1);
      for (let i = 0; i < pcm.length; i += 1) pcm[i] = wav.readInt16LE(body + i * 2);
      return pcm;
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}
