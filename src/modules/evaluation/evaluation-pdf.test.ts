import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportFonts, winAnsi } from './evaluation-pdf.ts';

const DEBIAN_DEJAVU = '/usr/share/fonts/truetype/dejavu';

describe('the fonts of the evaluation PDF', () => {
  it('given Debian’s DejaVu folder, the three faces are embedded and any letter they have prints; an emoji becomes "?"', () => {
    const fonts = reportFonts(DEBIAN_DEJAVU);
    expect(Buffer.isBuffer(fonts.regular) && Buffer.isBuffer(fonts.bold) && Buffer.isBuffer(fonts.italic)).toBe(true);
    expect(fonts.printable('Łódź, Ştefan, Ευχαριστώ, Спасибо 🙂')).toBe('Łódź, Ştefan, Ευχαριστώ, Спасибо ?');
    expect(reportFonts(DEBIAN_DEJAVU)).toBe(fonts); // read once
  });

  it('given no folder, or one without the DejaVu files, the standard Helvetica prints Windows-1252 and "?" for the rest', () => {
    const empty = mkdtempSync(join(tmpdir(), 'waakzaam-fonts-'));
    try {
      for (const fonts of [reportFonts(undefined), reportFonts(empty)]) {
        expect(fonts.regular).toBe('Helvetica');
        expect(fonts.printable('Très “clair” – 10 € Łódź')).toBe('Très “clair” – 10 € ?ód?');
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(winAnsi('a\u202Fb\u00A0c')).toBe('a b c');
  });
});
