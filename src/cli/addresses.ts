import { loadConfig } from '../config/config.ts';
import { bootApp } from '../main.ts';
import {
  type AddressImportReport,
  AddressFileError,
  DEFAULT_IMPORT_BATCH_SIZE,
  type ImportProgress,
  importAddressFile,
  readAddressFileHeader,
} from '../modules/geography/address-import.usecases.ts';
import type { Command } from './cli.ts';

/** Where progress goes: a terminal gets a bar redrawn in place, a log gets a line every 10%. */
export type ProgressOutput = { isTTY?: boolean; write: (text: string) => unknown };

const BAR_WIDTH = 30;
const REDRAW_MS = 200;

/**
 * Shows an import's progress on stderr: rows handled and rows per second (of this run), the
 * percentage from the bytes read.
 */
export function createProgressReporter(output: ProgressOutput, now: () => number = Date.now) {
  const started = now();
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let drawn = false;
  const format = (n: number) => n.toLocaleString('en-US');
  const describe = (p: ImportProgress) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    return `${format(p.rowsDone)} rows  ${format(Math.round(p.rowsThisRun / seconds))} rows/s`;
  };
  return {
    update(p: ImportProgress) {
      const fraction = p.totalBytes > 0 ? Math.min(p.bytesRead / p.totalBytes, 1) : 1;
      if (output.isTTY) {
        if (now() - lastDraw < REDRAW_MS && fraction < 1) return;
        lastDraw = now();
        const filled = Math.round(fraction * BAR_WIDTH);
        output.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${describe(p)}   `);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        output.write(`${tenth * 10}%: ${describe(p)}\n`);
      }
    },
    /** Ends the bar's line so that what follows starts on a fresh one. */
    end() {
      if (drawn) output.write('\n');
      drawn = false;
    },
  };
}

/** The report as lines for people. */
export function describeImport(file: string, report: AddressImportReport): string[] {
  if (report.outcome === 'already_done') {
    return [`${file} was imported before (${report.totalRows} rows, ${report.totalRejected} rejected): nothing to do. Use --force to import it again.`];
  }
  const lines = [
    `${report.outcome === 'resumed' ? `Resumed ${file} after row ${report.rowsSkipped}` : `Imported ${file}`}: ${report.rowsWritten} addresses written, ${report.rowsRejected} rows rejected.`,
    `The file has ${report.totalRows} rows; ${report.totalRejected} rejected in all runs (sha256 ${report.sha256.slice(0, 12)}).`,
  ];
  if (report.rejections.length > 0) {
    lines.push(report.rowsRejected > report.rejections.length ? `First ${report.rejections.length} rejected rows:` : 'Rejected rows:');
    for (const rejection of report.rejections) lines.push(`  line ${rejection.line}: ${rejection.reason.replace('_', ' ')} missing or unusable`);
  }
  return lines;
}

function batchSizeOf(value: string | boolean | undefined): number {
  if (value === undefined) return DEFAULT_IMPORT_BATCH_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 100_000) throw new AddressFileError('--batch-size must be a whole number from 1 to 100000');
  return size;
}

export const addressesCommand: Command = {
  summary: 'Import Belgian addresses from a BeSt-Address CSV (restartable: run it again to resume).',
  usage: 'waakzaam addresses import FILE [--batch-size N] [--force]',
  options: { 'batch-size': { type: 'string' }, force: { type: 'boolean' } },
  positionals: true,
  run: async ({ values, positionals, out }) => {
    const [action, file, ...extra] = positionals;
    if (action !== 'import' || !file || extra.length > 0) throw new AddressFileError(`usage: ${addressesCommand.usage}`);
    const batchSize = batchSizeOf(values['batch-size']);
    // Errors are printed as one line by runCli; the header is checked before the database is even
    // opened, so a wrong file changes nothing.
    await readAddressFileHeader(file);
    const app = await bootApp(loadConfig());
    const progress = createProgressReporter(process.stderr);
    try {
      const report = await importAddressFile({
        file,
        database: app.database,
        clock: app.clock,
        ids: app.ids,
        batchSize,
        force: values.force === true,
        onProgress: (p) => progress.update(p),
        audit: { log: app.auditLog, label: 'waakzaam addresses import' },
      });
      progress.end();
      for (const line of describeImport(file, report)) out(line);
      return 0;
    } finally {
      progress.end();
      await app.database.close();
    }
  },
};
