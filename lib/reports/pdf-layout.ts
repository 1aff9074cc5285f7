import type { ControlStatus } from '@/lib/evaluate/types';
import type { ReportModel } from './report-model';

/** The report PDF's page layout: fonts, colours, text and table primitives, and the running header and sealed footer. */

export type Doc = PDFKit.PDFDocument;

export const MARGIN = { top: 64, bottom: 78, left: 50, right: 50 };
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' };
export const COLOR = { text: '#1f2328', muted: '#57606a', rule: '#d0d7de', panel: '#f6f8fa', broken: '#cf222e' };
export const STATUS_COLOR: Record<ControlStatus, string> = {
  pass: '#1a7f37',
  fail: '#cf222e',
  warn: '#9a6700',
  unknown: '#57606a',
  manual: '#0550ae',
  'not-applicable': '#6e7781',
};
/** Evidence is already bounded when stored; the PDF bounds it again to keep pages readable. */
export const LIMIT = { excerptLines: 28, excerptChars: 2400, queryChars: 1500, offenders: 15 };

// The standard PDF fonts only encode Windows-1252; anything else would print as garbage.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = { '→': '->', '←': '<-', '↔': '<->', '≥': '>=', '≤': '<=', '≠': '!=', '✓': 'OK', '✗': 'x' };

/**
 * Text the standard fonts can show: common symbols spelled out, other characters outside
 * Windows-1252 replaced by `?`.
 * @example pdfText('pods → containers ≥ 1') // 'pods -> containers >= 1'
 */
export function pdfText(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char)) out += char;
    else if (char === '\t') out += '  ';
    else out += REPLACEMENTS[char] ?? (code < 0x20 ? ' ' : '?');
  }
  return out;
}

/** `2026-06-01T12:00:00.000Z` → `2026-06-01 12:00:00 UTC` */
export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export function formatScore(score: number | null): string {
  return score === null ? 'not scored' : `${Math.round(score * 1000) / 10}%`;
}

export function statusLabel(status: ControlStatus): string {
  return status === 'not-applicable' ? 'N/A' : status.toUpperCase();
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

export function bottomLimit(doc: Doc): number {
  return doc.page.height - MARGIN.bottom;
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, size: number, options: { gapBefore?: number } = {}): void {
  doc.font(FONT.bold).fontSize(size);
  const height = doc.heightOfString(pdfText(text), { width: contentWidth(doc) });
  if (options.gapBefore) doc.moveDown(options.gapBefore);
  // a heading never ends a page alone
  ensureSpace(doc, height + 40);
  doc.fillColor(COLOR.text).text(pdfText(text), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

export function paragraph(doc: Doc, text: string, options: { font?: string; size?: number; color?: string } = {}): void {
  doc
    .font(options.font ?? FONT.regular)
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? COLOR.text)
    .text(pdfText(text), MARGIN.left, doc.y, { width: contentWidth(doc), lineGap: 1.5 });
}

/** One list item with a hanging indent. */
export function bullet(doc: Doc, text: string): void {
  doc.font(FONT.regular).fontSize(9).fillColor(COLOR.text);
  const width = contentWidth(doc) - 22;
  ensureSpace(doc, doc.heightOfString(pdfText(text), { width, lineGap: 1.5 }));
  const y = doc.y;
  doc.text('-', MARGIN.left + 10, y, { lineBreak: false });
  doc.text(pdfText(text), MARGIN.left + 22, y, { width, lineGap: 1.5 });
  doc.x = MARGIN.left;
}

/** A small filled label such as FAIL, at the current position. */
export function statusBadge(doc: Doc, status: ControlStatus, x: number, y: number): number {
  const label = statusLabel(status);
  doc.font(FONT.bold).fontSize(9);
  const width = doc.widthOfString(label) + 12;
  doc.roundedRect(x, y, width, 15, 3).fill(STATUS_COLOR[status]);
  doc.fillColor('#ffffff').text(label, x + 6, y + 3.5, { lineBreak: false });
  doc.fillColor(COLOR.text);
  return width;
}

export interface Field {
  label: string;
  value: string;
  isMono?: boolean;
  color?: string;
}

/** Label/value rows, the label column fixed, values wrapping. */
export function fields(doc: Doc, rows: Field[], labelWidth = 135): void {
  const valueX = MARGIN.left + labelWidth;
  const valueWidth = contentWidth(doc) - labelWidth;
  for (const row of rows) {
    const value = pdfText(row.value);
    doc.font(row.isMono ? FONT.mono : FONT.regular).fontSize(row.isMono ? 8.5 : 10);
    const height = Math.max(doc.heightOfString(value, { width: valueWidth, lineGap: 1 }), 12);
    ensureSpace(doc, height + 4);
    const y = doc.y;
    doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted).text(pdfText(row.label), MARGIN.left, y + 1, { width: labelWidth - 8 });
    doc
      .font(row.isMono ? FONT.mono : FONT.regular)
      .fontSize(row.isMono ? 8.5 : 10)
      .fillColor(row.color ?? COLOR.text)
      .text(value, valueX, y, { width: valueWidth, lineGap: 1 });
    doc.y = y + height + 4;
  }
  doc.x = MARGIN.left;
  doc.fillColor(COLOR.text);
}

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A simple table: a header row (repeated after a page break) and wrapped cells. */
export function table(doc: Doc, columns: Column[], rows: { cells: string[]; colors?: (string | undefined)[] }[]): void {
  const drawHeader = () => {
    const y = doc.y;
    let x = MARGIN.left;
    doc.font(FONT.bold).fontSize(8.5).fillColor(COLOR.muted);
    for (const column of columns) {
      doc.text(pdfText(column.title), x + 3, y, { width: column.width - 6, align: column.align ?? 'left', lineBreak: false });
      x += column.width;
    }
    doc.moveTo(MARGIN.left, y + 12).lineTo(MARGIN.left + contentWidth(doc), y + 12).lineWidth(0.8).strokeColor(COLOR.rule).stroke();
    doc.y = y + 16;
  };
  ensureSpace(doc, 40);
  drawHeader();
  for (const row of rows) {
    doc.font(FONT.regular).fontSize(9);
    const height = Math.max(...row.cells.map((cell, index) => doc.heightOfString(pdfText(cell), { width: columns[index]!.width - 6 }))) + 5;
    if (doc.y + height > bottomLimit(doc)) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    let x = MARGIN.left;
    row.cells.forEach((cell, index) => {
      const column = columns[index]!;
      const color = row.colors?.[index];
      doc
        .font(color ? FONT.bold : FONT.regular)
        .fontSize(9)
        .fillColor(color ?? COLOR.text)
        .text(pdfText(cell), x + 3, y + 2, { width: column.width - 6, align: column.align ?? 'left' });
      x += column.width;
    });
    doc.moveTo(MARGIN.left, y + height).lineTo(MARGIN.left + contentWidth(doc), y + height).lineWidth(0.4).strokeColor(COLOR.rule).stroke();
    doc.y = y + height + 1;
  }
  doc.x = MARGIN.left;
  doc.fillColor(COLOR.text);
}

/** Monospace text (a query, an excerpt), indented with a rule on its left, flowing across pages. */
export function codeBlock(doc: Doc, text: string): void {
  doc.font(FONT.mono).fontSize(8);
  const content = pdfText(text);
  const width = contentWidth(doc) - 14;
  const height = doc.heightOfString(content, { width, lineGap: 1 });
  ensureSpace(doc, Math.min(height, 60) + 4);
  const startPage = doc.bufferedPageRange().count;
  const y = doc.y;
  doc.fillColor(COLOR.text).text(content, MARGIN.left + 14, y + 2, { width, lineGap: 1 });
  // the rule only when the block stayed on one page (a rule across a page break would be wrong)
  if (doc.bufferedPageRange().count === startPage) {
    doc.moveTo(MARGIN.left + 5, y).lineTo(MARGIN.left + 5, doc.y).lineWidth(2).strokeColor(COLOR.rule).stroke();
  }
  doc.x = MARGIN.left;
  doc.moveDown(0.4);
}

export function clip(text: string, maxChars: number, note: string): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n... (${note})`;
}

/** Running header (not on the cover) and the sealed footer, drawn on every page once all exist. */
export function drawPageFrames(doc: Doc, model: ReportModel): void {
  const { snapshot } = model;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    // Writing into the margins must not start new pages.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = contentWidth(doc);
    if (index > range.start) {
      doc
        .font(FONT.regular)
        .fontSize(8)
        .fillColor(COLOR.muted)
        .text(pdfText(`Refmap evidence report  |  cluster ${snapshot.cluster}  |  snapshot of ${formatTime(snapshot.takenAt)}`), MARGIN.left, 30, { width, lineBreak: false });
      doc.moveTo(MARGIN.left, 44).lineTo(MARGIN.left + width, 44).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    }
    const footerY = doc.page.height - 58;
    doc.moveTo(MARGIN.left, footerY - 6).lineTo(MARGIN.left + width, footerY - 6).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    const sealLine = snapshot.manifestHash === null ? 'Manifest sha256: none (stored before sealing)' : `Manifest sha256 ${snapshot.manifestHash}`;
    const chainLine =
      snapshot.sequence === null
        ? 'Chain: not part of the chain'
        : `Chain #${snapshot.sequence}, previous manifest ${snapshot.previousManifestHash ?? 'none (first of the chain)'}`;
    doc.font(FONT.mono).fontSize(7).fillColor(COLOR.muted);
    doc.text(sealLine, MARGIN.left, footerY, { width: width - 70, lineBreak: false });
    doc.text(chainLine, MARGIN.left, footerY + 10, { width, lineBreak: false });
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLOR.text);
    doc.text(`page ${index - range.start + 1} of ${range.count}`, MARGIN.left + width - 70, footerY - 1, { width: 70, align: 'right', lineBreak: false });
    doc.page.margins.bottom = savedBottom;
  }
}
