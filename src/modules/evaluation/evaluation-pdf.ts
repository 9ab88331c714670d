import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Translator } from '../../web/i18n/translator.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg } from './evaluation-charts.views.tsx';
import { type ReportTable, reportSections, reportTitle } from './evaluation-report.models.ts';
import type { EvaluationFigures } from './evaluation.usecases.ts';
import { reportCharts } from './evaluation.views.tsx';

/**
 * The report as a PDF, drawn with pdfkit on the server (no browser): the same sections as the page,
 * each chart from the same SVG. Text is set in DejaVu Sans, embedded (subset) from the fonts folder
 * (`WAAKZAAM_PDF_FONTS`, Debian's fonts-dejavu-core by default): Latin with every accent (Łódź,
 * Ştefan), Greek and Cyrillic; a character it has no glyph for (an emoji) prints as "?". Without
 * those files the built-in Helvetica is used, which encodes WinAnsi (Windows-1252): every letter of
 * Dutch, French and German, the euro sign and typographic quotes and dashes, and "?" for the rest.
 */

const MARGIN = 50;
const PAGE = { width: 595.28, height: 841.89 };
const CONTENT = PAGE.width - 2 * MARGIN;

// Windows-1252's characters above Latin-1's control block.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard PDF fonts can print: narrow and thin spaces become spaces, the rest "?". */
export function winAnsi(text: string): string {
  return [...text.normalize('NFC').replace(/[\u202F\u2009\u00A0]/g, ' ')]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) return ch;
      return '?';
    })
    .join('');
}

/** The three faces the report uses, and what their text may contain. */
type FontSet = { regular: string | Buffer; bold: string | Buffer; italic: string | Buffer; printable: (text: string) => string };

const STANDARD_FONTS: FontSet = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', printable: winAnsi };
const DEJAVU = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' };
const embedded = new Map<string, FontSet>();

/** DejaVu Sans from `folder` when its three files are there (read once), else the standard fonts. */
export function reportFonts(folder: string | undefined): FontSet {
  if (!folder) return STANDARD_FONTS;
  const known = embedded.get(folder);
  if (known) return known;
  const paths = { regular: join(folder, DEJAVU.regular), bold: join(folder, DEJAVU.bold), italic: join(folder, DEJAVU.italic) };
  if (!Object.values(paths).every((path) => existsSync(path))) return STANDARD_FONTS;
  const files = { regular: readFileSync(paths.regular), bold: readFileSync(paths.bold), italic: readFileSync(paths.italic) };
  const font = fontkit.create(files.regular);
  if (!('hasGlyphForCodePoint' in font)) return STANDARD_FONTS;
  const printable = (text: string) =>
    [...text.normalize('NFC')].map((ch) => (ch === '\n' || font.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : '?')).join('');
  const set = { ...files, printable };
  embedded.set(folder, set);
  return set;
}

export async function reportPdf(translator: Translator, figures: EvaluationFigures, generatedAt: number, fonts: FontSet = STANDARD_FONTS): Promise<Buffer> {
  const title = reportTitle(translator.t, figures);
  const printable = fonts.printable;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Author: 'Waakzaam' }, lang: translator.locale });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('italic', fonts.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const bottom = PAGE.height - MARGIN;
  const room = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };

  doc.font('bold').fontSize(18).text(printable(title));
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9).fillColor('#444444').text(printable(translator.t('evaluation.pdf.generated', { when: translator.formatDateTime(generatedAt) })));
  doc.fillColor('#000000').moveDown(0.8);

  const charts = reportCharts(translator, figures);
  for (const section of reportSections(translator, figures)) {
    room(60);
    doc.font('bold').fontSize(13).text(printable(section.title), MARGIN);
    doc.moveDown(0.3);
    doc.font('regular').fontSize(9.5);
    for (const row of section.rows) {
      room(14);
      const y = doc.y;
      doc.text(printable(row.label), MARGIN, y, { width: CONTENT - 110 });
      const after = doc.y;
      doc.text(printable(row.value), PAGE.width - MARGIN - 100, y, { width: 100, align: 'right' });
      doc.y = Math.max(after, doc.y);
    }
    for (const [i, table] of section.tables.entries()) {
      const chart = charts[section.id]?.[i];
      if (chart) {
        const height = (CHART_HEIGHT * CONTENT) / CHART_WIDTH;
        room(height + 10);
        doc.moveDown(0.5);
        SVGtoPDF(doc, chartSvg(chart), MARGIN, doc.y, { width: CONTENT, height });
        doc.y += height + 6;
      }
      writeTable(doc, table, room, printable);
    }
    if (section.list) {
      room(30);
      doc.moveDown(0.4).font('bold').fontSize(10).text(printable(section.list.title), MARGIN);
      doc.font('regular').fontSize(9.5);
      if (section.list.items.length === 0) doc.text(printable(section.list.empty));
      for (const item of section.list.items) {
        room(14);
        doc.text(`• ${printable(item)}`, MARGIN, doc.y, { width: CONTENT });
      }
    }
    doc.moveDown(1);
  }
  room(40);
  doc.font('bold').fontSize(11).text(printable(translator.t('evaluation.definitions.title')), MARGIN);
  doc.font('regular').fontSize(8.5).text(printable(translator.t('evaluation.definitions.body')), { width: CONTENT });
  doc.end();
  return done;
}

function writeTable(doc: PDFKit.PDFDocument, table: ReportTable, room: (height: number) => void, printable: (text: string) => string) {
  if (table.rows.length === 0) return;
  const columns = table.head.length;
  const first = Math.min(220, CONTENT / 2);
  const rest = (CONTENT - first) / Math.max(1, columns - 1);
  const x = (j: number) => (j === 0 ? MARGIN : MARGIN + first + (j - 1) * rest);
  const width = (j: number) => (j === 0 ? first - 6 : rest - 6);
  const line = (cells: readonly string[], bold: boolean) => {
    room(13);
    const y = doc.y;
    let lowest = y;
    doc.font(bold ? 'bold' : 'regular').fontSize(8.5);
    cells.forEach((cell, j) => {
      doc.text(printable(cell), x(j), y, { width: width(j), align: j === 0 ? 'left' : 'right' });
      lowest = Math.max(lowest, doc.y);
    });
    doc.y = lowest + 1;
  };
  doc.moveDown(0.4);
  room(30);
  doc.font('italic').fontSize(9).text(printable(table.caption), MARGIN);
  line(table.head, true);
  for (const row of table.rows) line(row, false);
  doc.x = MARGIN;
}
