import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../modules/geography/address-import.usecases.ts';
import { createProgressReporter, describeImport } from './addresses.ts';

const progress = (fraction: number, rows: number): ImportProgress => ({ bytesRead: fraction * 1000, totalBytes: 1000, rowsDone: rows, rowsThisRun: rows, rowsRejected: 0 });

describe('import progress on stderr', () => {
  it('given a log (not a terminal), one line is written per tenth of the file', () => {
    const lines: string[] = [];
    let now = 0;
    const reporter = createProgressReporter({ isTTY: false, write: (text) => lines.push(text) }, () => now);
    for (let i = 1; i <= 20; i++) {
      now = i * 100;
      reporter.update(progress(i / 20, i * 500));
    }
    reporter.end();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('10%: 1,000 rows  5,000 rows/s\n');
    expect(lines[9]).toBe('100%: 10,000 rows  5,000 rows/s\n');
  });

  it('given a terminal, a bar is redrawn in place at most five times a second and its line is ended', () => {
    const writes: string[] = [];
    let now = 0;
    const reporter = createProgressReporter({ isTTY: true, write: (text) => writes.push(text) }, () => now);
    for (let i = 1; i <= 10; i++) {
      now = i * 100;
      reporter.update(progress(i / 10, i * 100));
    }
    reporter.end();
    reporter.end();
    expect(writes.every((w, i) => (i === writes.length - 1 ? w === '\n' : w.startsWith('\r[')))).toBe(true);
    expect(writes.length).toBe(7);
    expect(writes.at(-2)).toContain('[##############################] 100%  1,000 rows  1,000 rows/s');
  });
});

describe('import report', () => {
  it('given rejected rows, the report lists their lines', () => {
    const lines = describeImport('x.csv', { importId: 'i', fileName: 'x.csv', sha256: 'abcdef0123456789', outcome: 'resumed', rowsSkipped: 100, rowsWritten: 195, rowsRejected: 2, rejections: [{ line: 150, reason: 'house_number' }, { line: 290, reason: 'coordinates' }], totalRows: 297, totalRejected: 2 });
    expect(lines).toEqual([
      'Resumed x.csv after row 100: 195 addresses written, 2 rows rejected.',
      'The file has 297 rows; 2 rejected in all runs (sha256 abcdef012345).',
      'Rejected rows:',
      '  line 150: house number missing or unusable',
      '  line 290: coordinates missing or unusable',
    ]);
  });
});
