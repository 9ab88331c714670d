/**
 * The one normalisation every piece of text from outside goes through (forms, the JSON API, CSV
 * imports), before any schema sees it:
 * - line ends become "\n" (browsers send a textarea's lines as CRLF, HTML §4.10.5.3.14; a lone CR
 *   or a trailing one is clearly harmless to turn into LF);
 * - other C0 and C1 control characters (NUL, ESC, DEL, U+0080–U+009F) and unpaired surrogates are
 *   refused: PostgreSQL cannot store NUL in text at all, a terminal or a CSV export would act on
 *   the others, and none of them is ever typed on purpose; tab stays (pasted from spreadsheets);
 * - Unicode NFC (UAX #15), so "é" typed on one keyboard equals "é" typed on another in searches,
 *   duplicate checks and lengths.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const REFUSED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type NormalisedText = { ok: true; value: string } | { ok: false };

export function normaliseText(value: string): NormalisedText {
  const lines = value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
  if (REFUSED.test(lines)) return { ok: false };
  return { ok: true, value: lines.normalize('NFC') };
}

/** Length as people count it: code points, so "é" or "🚓" is one character, not one or two UTF-16 units. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * Normalises every string in a parsed body, query or parameter object in place (plain objects and
 * arrays, as form, JSON and multipart parsers deliver them; file contents are left alone) and
 * returns the paths of the fields that hold refused characters.
 */
export function normaliseTextTree(tree: unknown): { value: unknown; refused: string[] } {
  const refused: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      const normalised = normaliseText(value);
      if (normalised.ok) return normalised.value;
      refused.push(path || 'form');
      return value;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = walk(value[i], path);
      return value;
    }
    if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = walk(record[key], path ? `${path}.${key}` : key);
    }
    return value;
  };
  return { value: walk(tree, ''), refused: [...new Set(refused)] };
}
