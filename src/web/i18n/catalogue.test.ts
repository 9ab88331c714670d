import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, overlappingKeys } from './catalogue.ts';
import { LOCALES } from './locales.ts';

const SRC = new URL('../../', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the message catalogue', () => {
  it('given the four languages, each has exactly the keys of the Dutch catalogue', () => {
    const dutch = Object.keys(CATALOGUE.nl).sort();
    for (const locale of LOCALES) expect(Object.keys(CATALOGUE[locale]).sort(), locale).toEqual(dutch);
  });

  it('given the modules, no two define the same key', () => {
    expect(overlappingKeys()).toEqual([]);
  });

  it('given every message, it is valid ICU MessageFormat and not left empty', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(CATALOGUE[locale])) {
        expect(message.trim(), `${locale} ${key}`).not.toBe('');
        expect(() => new IntlMessageFormat(message, locale), `${locale} ${key}`).not.toThrow();
      }
    }
  });

  it('given the source, every literal key passed to t() or tDynamic() exists', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt(?:Dynamic)?\(\s*'([a-zA-Z][\w.-]*)'/g)) {
        const key = match[1]!;
        seen += 1;
        if (!(key in CATALOGUE.nl)) missing.push(`${file.slice(SRC.length)}: ${key}`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
