import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Translator } from '../../web/i18n/translator.ts';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg } from './evaluation-charts.views.tsx';
import { type ReportTable, reportSections, reportTitle } from './evaluation-report.models.ts';
import type { EvaluationFigures } from './evaluation.usecases.ts';
import { reportCharts } from './evaluation.views.tsx';

/**
 * The report as a PDF, drawn with pdfkit on the server (no browser): the same sections as the page,
 * each chart from the same SVG. The built-in Helvetica encodes WinAnsi (Windows-1252): every
 * letter of Dutch, French and German, the euro sign and typographic quotes and dashes; anything
 * else (emoji, other scripts in a member's comment) is printed as "?".
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

export async function reportPdf(translator: Translator, figures: EvaluationFigures, generatedAt: number): Promise<Buffer> {
  const title = reportTitle(translator.t, figures);
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: winAnsi(title), Author: 'Waakzaam' }, lang: translator.locale });
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

  doc.font('Helvetica-Bold').fontSize(18).text(winAnsi(title));
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(9).fillColor('#444444').text(winAnsi(translator.t('evaluation.pdf.generated', { when: translator.formatDateTime(generatedAt) })));
  doc.fillColor('#000000').moveDown(0.8);

  const charts = reportCharts(translator, figures);
  for (const section of reportSections(translator, figures)) {
    room(60);
    doc.font('Helvetica-Bold').fontSize(13).text(winAnsi(section.title), MARGIN);
    doc.moveDown(0.3);
    doc.font('Helvetica').fontSize(9.5);
    for (const row of section.rows) {
      room(14);
      const y = doc.y;
      doc.text(winAnsi(row.label), MARGIN, y, { width: CONTENT - 110 });
      const after = doc.y;
      doc.text(winAnsi(row.value), PAGE.width - MARGIN - 100, y, { width: 100, align: 'right' });
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
      writeTable(doc, table, room);
    }
    if (section.list) {
      room(30);
      doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(winAnsi(section.list.title), MARGIN);
      doc.font('Helvetica').fontSize(9.5);
      if (section.list.items.length === 0) doc.text(winAnsi(section.list.empty));
      for (const item of section.list.items) {
        room(14);
        doc.text(`• ${winAnsi(item)}`, MARGIN, doc.y, { width: CONTENT });
      }
    }
    doc.moveDown(1);
  }
  room(40);
  doc.font('Helvetica-Bold').fontSize(11).text(winAnsi(translator.t('evaluation.definitions.title')), MARGIN);
  doc.font('Helvetica').fontSize(8.5).text(winAnsi(translator.t('evaluation.definitions.body')), { width: CONTENT });
  doc.end();
  return done;
}

function writeTable(doc: PDFKit.PDFDocument, table: ReportTable, room: (height: number) => void) {
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
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    cells.forEach((cell, j) => {
      doc.text(winAnsi(cell), x(j), y, { width: width(j), align: j === 0 ? 'left' : 'right' });
      lowest = Math.max(lowest, doc.y);
    });
    doc.y = lowest + 1;
  };
  doc.moveDown(0.4);
  room(30);
  doc.font('Helvetica-Oblique').fontSize(9).text(winAnsi(table.caption), MARGIN);
  line(table.head, true);
  for (const row of table.rows) line(row, false);
  doc.x = MARGIN;
}
