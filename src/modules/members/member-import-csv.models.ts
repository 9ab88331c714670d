/**
 * CSV as spreadsheets write it (RFC 4180 and its Excel variants): fields separated by ';' (Excel
 * on a Belgian PC), ',' or a tab, quoted with '"' when they hold a separator, a quote ("") or a
 * line break; lines end in CRLF, LF or CR. Pure: no I/O.
 *
 * Why not a library: a coordinator needs the line where a quote was opened and never closed,
 * which the parsers at hand only report at the end of the file.
 */

export type CsvRecord = {
  /** The line (1-based, as an editor counts them) on which the record starts. */
  line: number;
  fields: string[];
};

export type CsvResult = { ok: true; delimiter: string; records: CsvRecord[] } | { ok: false; line: number };

export const DELIMITERS = [';', ',', '\t'] as const;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The separator used most often, outside quotes, in the first lines; ';' when in doubt. */
export function detectDelimiter(text: string): string {
  const head = text.slice(0, 8192).split(/\r\n|\n|\r/).slice(0, 5).join('\n').replace(/"[^"]*"/g, '');
  let best: string = ';';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = head.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** Where the unquoted text starting at `from` ends: the next separator or line break. */
function boundary(text: string, from: number, delimiter: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === delimiter || c === LF || c === CR) break;
    i++;
  }
  return i;
}

/**
 * Splits the text into records. Text after a closing quote is kept (`"12"A` is `12A`, as Excel
 * reads it). A quote that is never closed fails with the line it was opened on; so does a quoted
 * field that runs over a line break into text holding separators, which is what an unbalanced
 * quote followed by a later quote looks like (a real multi-line cell holds an address, not rows).
 */
export function parseCsv(text: string, delimiter: string = detectDelimiter(text)): CsvResult {
  const separator = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  if (n === 0) return { ok: true, delimiter, records };
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      const openedOn = line;
      let quoted = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) return { ok: false, line: openedOn };
        quoted += text.slice(i, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          quoted += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const breaks = countLineBreaks(quoted);
      if (breaks > 0 && /[\r\n][^]*/.exec(quoted)![0].includes(delimiter)) return { ok: false, line: openedOn };
      line += breaks;
      const end = boundary(text, i, separator);
      value = quoted + text.slice(i, end);
      i = end;
    } else {
      const end = boundary(text, i, separator);
      value = text.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (i >= n) {
      records.push({ line: recordLine, fields });
      break;
    }
    const c = text.charCodeAt(i);
    if (c === separator) {
      i++;
      if (i >= n) {
        fields.push('');
        records.push({ line: recordLine, fields });
        break;
      }
      continue;
    }
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    records.push({ line: recordLine, fields });
    fields = [];
    line++;
    recordLine = line;
    if (i >= n) break;
  }
  return { ok: true, delimiter, records };
}

