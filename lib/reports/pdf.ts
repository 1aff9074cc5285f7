import PDFDocument from 'pdfkit';
import type { JsonValue } from '@/lib/evaluate/canonical-json';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { ReportCheck, ReportControl, ReportModel } from './report-model';

/**
 * report.pdf: the auditor's printable record of one snapshot, drawn on the server with pdfkit (real,
 * searchable text in the standard PDF fonts; no browser). Cover (who, what, when, scope, seal),
 * summary (scores per section, every control's status), then one page or more per control:
 * requirement, status, each check with its query, rule, excerpt, offending objects and evidence
 * sha256. Every page's footer carries the manifest hash, its chain link and "page N of M".
 */

export interface PdfOptions {
  /** only this section's controls (the cover and summary still describe the whole snapshot) */
  sectionId?: string;
}

type Doc = PDFKit.PDFDocument;

const MARGIN = { top: 64, bottom: 78, left: 50, right: 50 };
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' };
const COLOR = { text: '#1f2328', muted: '#57606a', rule: '#d0d7de', panel: '#f6f8fa', broken: '#cf222e' };
const STATUS_COLOR: Record<ControlStatus, string> = {
  pass: '#1a7f37',
  fail: '#cf222e',
  warn: '#9a6700',
  unknown: '#57606a',
  manual: '#0550ae',
  'not-applicable': '#6e7781',
};
/** Evidence is already bounded when stored; the PDF bounds it again to keep pages readable. */
const LIMIT = { excerptLines: 28, excerptChars: 2400, queryChars: 1500, offenders: 15 };

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
function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

function formatScore(score: number | null): string {
  return score === null ? 'not scored' : `${Math.round(score * 1000) / 10}%`;
}

function statusLabel(status: ControlStatus): string {
  return status === 'not-applicable' ? 'N/A' : status.toUpperCase();
}

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN.left - MARGIN.right;
}

function bottomLimit(doc: Doc): number {
  return doc.page.height - MARGIN.bottom;
}

/** Starts a new page unless `height` more points fit on this one. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

function heading(doc: Doc, text: string, size: number, options: { gapBefore?: number } = {}): void {
  doc.font(FONT.bold).fontSize(size);
  const height = doc.heightOfString(pdfText(text), { width: contentWidth(doc) });
  if (options.gapBefore) doc.moveDown(options.gapBefore);
  // a heading never ends a page alone
  ensureSpace(doc, height + 40);
  doc.fillColor(COLOR.text).text(pdfText(text), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, options: { font?: string; size?: number; color?: string } = {}): void {
  doc
    .font(options.font ?? FONT.regular)
    .fontSize(options.size ?? 10)
    .fillColor(options.color ?? COLOR.text)
    .text(pdfText(text), MARGIN.left, doc.y, { width: contentWidth(doc), lineGap: 1.5 });
}

/** One list item with a hanging indent. */
function bullet(doc: Doc, text: string): void {
  doc.font(FONT.regular).fontSize(9).fillColor(COLOR.text);
  const width = contentWidth(doc) - 22;
  ensureSpace(doc, doc.heightOfString(pdfText(text), { width, lineGap: 1.5 }));
  const y = doc.y;
  doc.text('-', MARGIN.left + 10, y, { lineBreak: false });
  doc.text(pdfText(text), MARGIN.left + 22, y, { width, lineGap: 1.5 });
  doc.x = MARGIN.left;
}

/** A small filled label such as FAIL, at the current position. */
function statusBadge(doc: Doc, status: ControlStatus, x: number, y: number): number {
  const label = statusLabel(status);
  doc.font(FONT.bold).fontSize(9);
  const width = doc.widthOfString(label) + 12;
  doc.roundedRect(x, y, width, 15, 3).fill(STATUS_COLOR[status]);
  doc.fillColor('#ffffff').text(label, x + 6, y + 3.5, { lineBreak: false });
  doc.fillColor(COLOR.text);
  return width;
}

interface Field {
  label: string;
  value: string;
  isMono?: boolean;
  color?: string;
}

/** Label/value rows, the label column fixed, values wrapping. */
function fields(doc: Doc, rows: Field[], labelWidth = 135): void {
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
function table(doc: Doc, columns: Column[], rows: { cells: string[]; colors?: (string | undefined)[] }[]): void {
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
function codeBlock(doc: Doc, text: string): void {
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

function clip(text: string, maxChars: number, note: string): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n... (${note})`;
}

const COMPACT_WIDTH = 90;

function inlineJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`)
    .join(', ')}}`;
}

/**
 * JSON indented like JSON.stringify(value, null, 2), except that any object or array that fits on
 * one line stays on one line: excerpts read like the API answers they come from, in fewer lines.
 * @example compactJson({ a: [1, 2], b: { c: 'x' } }) // '{"a": [1, 2], "b": {"c": "x"}}'
 */
export function compactJson(value: JsonValue, indent = 0, prefixWidth = 0): string {
  const inline = inlineJson(value);
  if (value === null || typeof value !== 'object' || indent + prefixWidth + inline.length <= COMPACT_WIDTH) return inline;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((item) => pad + compactJson(item, indent + 2)).join(',\n')}\n${close}]`;
  const entries = Object.entries(value).map(([key, item]) => `${pad}${JSON.stringify(key)}: ${compactJson(item, indent + 2, JSON.stringify(key).length + 2)}`);
  return `{\n${entries.join(',\n')}\n${close}}`;
}

/** The excerpt without the offender list (shown as its own list), pretty-printed and bounded. */
function excerptText(check: ReportCheck): string | null {
  const rest: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(check.excerpt)) if (key !== 'offenders') rest[key] = value;
  if (Object.keys(rest).length === 0) return null;
  const lines = compactJson(rest).split('\n');
  const note = `truncated; the whole excerpt is in evidence/${check.bodySha256}.json of the evidence bundle`;
  const kept = lines.length > LIMIT.excerptLines ? `${lines.slice(0, LIMIT.excerptLines).join('\n')}\n... (${note})` : lines.join('\n');
  return clip(kept, LIMIT.excerptChars, note);
}

interface CheckParts {
  fields: Field[];
  query: string;
  offendersLabel: string | null;
  offenderLines: string[];
  excerpt: string | null;
}

function checkParts(check: ReportCheck): CheckParts {
  const shown = check.offenders.slice(0, LIMIT.offenders);
  return {
    fields: [
      { label: 'Result', value: check.summary },
      { label: 'Source', value: check.source },
      { label: 'Observed at', value: formatTime(check.observedAt) },
      ...(check.rule ? [{ label: 'Pass rule', value: check.rule }] : []),
      { label: 'Evidence sha256', value: check.sha256, isMono: true },
    ],
    query: clip(check.query, LIMIT.queryChars, 'query shortened here; the full text is in the evidence bundle'),
    offendersLabel:
      check.totalOffenders > 0 ? `Offending objects: ${check.totalOffenders} in total${shown.length < check.totalOffenders ? `, the first ${shown.length} listed` : ''}` : null,
    offenderLines: shown.map((offender) => `${offender.object}${offender.container ? ` (container ${offender.container})` : ''}: ${offender.reason}`),
    excerpt: excerptText(check),
  };
}

const CHECK_FIELD_LABEL_WIDTH = 100;

/** About how tall a check will be, so that one that fits on a page is not split across two. */
function estimateCheckHeight(doc: Doc, parts: CheckParts): number {
  const width = contentWidth(doc);
  let height = 30;
  for (const field of parts.fields) {
    doc.font(field.isMono ? FONT.mono : FONT.regular).fontSize(field.isMono ? 8.5 : 10);
    height += Math.max(doc.heightOfString(pdfText(field.value), { width: width - CHECK_FIELD_LABEL_WIDTH, lineGap: 1 }), 12) + 4;
  }
  doc.font(FONT.mono).fontSize(8);
  height += 16 + doc.heightOfString(pdfText(parts.query), { width: width - 14, lineGap: 1 });
  if (parts.excerpt !== null) height += 20 + doc.heightOfString(pdfText(parts.excerpt), { width: width - 14, lineGap: 1 });
  doc.font(FONT.regular).fontSize(9);
  for (const line of parts.offenderLines) height += doc.heightOfString(pdfText(line), { width: width - 22, lineGap: 1.5 });
  return height + (parts.offendersLabel ? 20 : 0);
}

function drawCheck(doc: Doc, check: ReportCheck, index: number, count: number): void {
  const parts = checkParts(check);
  doc.moveDown(0.8);
  const pageHeight = bottomLimit(doc) - MARGIN.top;
  const estimate = estimateCheckHeight(doc, parts);
  ensureSpace(doc, estimate <= pageHeight ? estimate : 90);
  const y = doc.y;
  doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + contentWidth(doc), y - 6).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
  const badgeWidth = statusBadge(doc, check.status, MARGIN.left, y);
  doc
    .font(FONT.bold)
    .fontSize(10.5)
    .fillColor(COLOR.text)
    .text(pdfText(`Check ${index + 1} of ${count}: ${check.id}`), MARGIN.left + badgeWidth + 8, y + 2, { width: contentWidth(doc) - badgeWidth - 8 });
  doc.y = Math.max(doc.y, y + 18);
  fields(doc, parts.fields, CHECK_FIELD_LABEL_WIDTH);
  doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted).text('Query / endpoint', MARGIN.left, doc.y);
  codeBlock(doc, parts.query);

  if (parts.offendersLabel !== null) {
    doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted);
    ensureSpace(doc, 30);
    doc.text(pdfText(parts.offendersLabel), MARGIN.left, doc.y);
    doc.moveDown(0.2);
    for (const line of parts.offenderLines) bullet(doc, line);
    doc.moveDown(0.4);
  }
  if (parts.excerpt !== null) {
    doc.font(FONT.bold).fontSize(9).fillColor(COLOR.muted);
    ensureSpace(doc, 30);
    doc.text('Evidence excerpt', MARGIN.left, doc.y);
    codeBlock(doc, parts.excerpt);
  }
}

function drawControl(doc: Doc, control: ReportControl, sectionTitle: string): void {
  doc.addPage();
  doc.outline.addItem(pdfText(`${control.id} ${control.title}`));
  doc.font(FONT.regular).fontSize(9).fillColor(COLOR.muted);
  const group = control.group && control.group !== sectionTitle ? `  |  ${control.group}` : '';
  doc.text(pdfText(`Section ${control.sectionId}: ${sectionTitle}${group}`), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  doc.font(FONT.bold).fontSize(16).fillColor(COLOR.text).text(pdfText(`${control.id}  ${control.title}`), MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
  const y = doc.y;
  const badgeWidth = statusBadge(doc, control.status, MARGIN.left, y);
  doc
    .font(FONT.regular)
    .fontSize(10.5)
    .fillColor(COLOR.text)
    .text(pdfText(control.summary), MARGIN.left + badgeWidth + 8, y + 2, { width: contentWidth(doc) - badgeWidth - 8 });
  doc.y = Math.max(doc.y, y + 18);
  doc.x = MARGIN.left;

  heading(doc, 'Requirement', 11, { gapBefore: 0.6 });
  paragraph(doc, control.requirement);
  if (control.implementation) {
    heading(doc, 'How Compliant Kubernetes meets it', 11, { gapBefore: 0.6 });
    paragraph(doc, control.implementation);
  }
  if (control.remediation && (control.status === 'fail' || control.status === 'warn')) {
    heading(doc, 'Remediation', 11, { gapBefore: 0.6 });
    paragraph(doc, control.remediation);
  }

  heading(doc, control.checks.length === 0 ? 'Checks and evidence' : `Checks and evidence (${control.checks.length})`, 11, { gapBefore: 0.6 });
  if (control.checks.length === 0) {
    const why = control.isManual ? 'no automated check: this control cannot be observed in a cluster and is shown by attestation.' : 'no evidence was recorded for this control in this snapshot.';
    paragraph(doc, `None: ${why}`, { size: 9.5, color: COLOR.muted });
  }
  control.checks.forEach((check, index) => drawCheck(doc, check, index, control.checks.length));

  drawSignOffs(doc, control);

  doc.moveDown(0.6);
  fields(doc, [{ label: 'Result hash', value: control.resultHash ?? 'none (stored before sealing)', isMono: true }], 100);
}

/** Attestations and waivers as they stood at the snapshot time: active ones, and those that had lapsed. */
function drawSignOffs(doc: Doc, control: ReportControl): void {
  heading(doc, 'Attestations and waivers', 11, { gapBefore: 0.8 });
  const signOffs = [...control.attestations, ...control.waivers];
  if (signOffs.length === 0) {
    paragraph(doc, 'None recorded for this control by the time of the snapshot.', { size: 9.5, color: COLOR.muted });
    return;
  }
  for (const item of signOffs) {
    doc.moveDown(0.3);
    doc.font(FONT.bold).fontSize(9.5);
    ensureSpace(doc, 60);
    const title = `${item.kind === 'attestation' ? 'Attestation' : 'Waiver'} (${item.state} at the snapshot time)`;
    doc.fillColor(item.state === 'active' ? COLOR.text : COLOR.muted).text(pdfText(title), MARGIN.left, doc.y);
    const revocation = item.revocation ? [{ label: 'Revoked', value: `${formatTime(item.revocation.at)} by ${item.revocation.by.name} (${item.revocation.by.sub})${item.revocation.reason ? `: ${item.revocation.reason}` : ''}` }] : [];
    const content =
      item.kind === 'attestation'
        ? [
            { label: 'Statement', value: item.statement },
            { label: 'Evidence', value: item.evidenceUrl },
          ]
        : [
            { label: 'Accepted risk', value: item.risk },
            { label: 'Reason', value: item.reason },
          ];
    fields(
      doc,
      [
        ...content,
        { label: 'Owner', value: item.owner },
        { label: 'Recorded', value: `${formatTime(item.createdAt)} by ${item.author.name} (${item.author.sub})` },
        { label: 'Expires', value: formatTime(item.expiresAt) },
        ...revocation,
      ],
      100,
    );
  }
}

function drawCover(doc: Doc, model: ReportModel, options: PdfOptions): void {
  const { snapshot, integrity } = model;
  const inScope = scopeControls(model, options);
  doc.font(FONT.bold).fontSize(26).fillColor(COLOR.text).text('Evidence report', MARGIN.left, 110);
  doc.moveDown(0.2);
  paragraph(doc, 'DoD Enterprise DevSecOps Reference Design: CNCF Kubernetes (v2.0), as Compliant Kubernetes maps it, shown with live evidence collected by Refmap.', {
    size: 12,
    color: COLOR.muted,
  });
  doc.moveDown(1.5);
  const section = model.sections.find((candidate) => candidate.id === options.sectionId);
  fields(doc, [
    { label: 'Cluster', value: snapshot.cluster },
    { label: 'Snapshot taken', value: `${formatTime(snapshot.takenAt)} (collection took ${(snapshot.durationMs / 1000).toFixed(1)} s)` },
    { label: 'Snapshot id', value: snapshot.id, isMono: true },
    { label: 'Scope', value: section ? `Section ${section.id}: ${section.title} (${inScope.length} of ${model.controls.length} controls)` : `All sections (${model.controls.length} controls)` },
    { label: 'Overall score', value: `${formatScore(snapshot.score)}  (pass / (pass + fail + warn + unknown))` },
    { label: 'Catalog version', value: snapshot.catalogVersion },
    { label: 'Refmap version', value: `${snapshot.refmapVersion} collected the snapshot; ${model.download.refmapVersion} produced this report` },
    { label: 'Downloaded by', value: `${model.download.by.name} (${model.download.by.sub}), roles: ${model.download.by.roles.join(', ') || 'none'}` },
    { label: 'Downloaded at', value: formatTime(model.download.at) },
  ]);

  heading(doc, 'Seal', 13, { gapBefore: 1 });
  const integrityText = !integrity.isSealed
    ? 'Not sealed: this snapshot was stored before Refmap sealed snapshots.'
    : integrity.isIntact
      ? 'Intact: at download, every evidence, result and manifest hash was recomputed from the stored rows and matched, and the link to the previous snapshot holds.'
      : `BROKEN at download: ${integrity.problems.slice(0, 3).join('; ')}${integrity.problems.length > 3 ? ` (and ${integrity.problems.length - 3} more)` : ''}`;
  const signatureText = { valid: 'Ed25519, verifies against the public key stored with the snapshot', invalid: 'Ed25519, DOES NOT VERIFY', unsigned: 'not signed (no REFMAP_SIGNING_KEY_FILE when it was taken)' }[integrity.signature];
  fields(doc, [
    { label: 'Integrity', value: integrityText, color: integrity.isIntact ? undefined : COLOR.broken },
    { label: 'Chain position', value: snapshot.sequence === null ? 'none' : `#${snapshot.sequence} of cluster ${snapshot.cluster}` },
    { label: 'Manifest sha256', value: snapshot.manifestHash ?? 'none', isMono: true },
    { label: 'Previous manifest', value: snapshot.previousManifestHash ?? 'none (first snapshot of the chain)', isMono: true },
    { label: 'Signature', value: signatureText, color: integrity.signature === 'invalid' ? COLOR.broken : undefined },
  ]);

  if (snapshot.sourceErrors.length > 0) {
    heading(doc, 'Sources that could not be read', 13, { gapBefore: 1 });
    paragraph(doc, 'Their controls are unknown, never pass.', { size: 9, color: COLOR.muted });
    doc.moveDown(0.3);
    fields(
      doc,
      snapshot.sourceErrors.map((error) => ({ label: error.source, value: `${error.kind}: ${error.message}` })),
    );
  }

  heading(doc, 'How to check this report', 13, { gapBefore: 1 });
  paragraph(
    doc,
    'The evidence bundle of this snapshot (bundle.zip) holds this report, the CSV and OSCAL exports, every evidence body as stored and the snapshot manifest, each with its sha256 in MANIFEST.json. "npm run verify -- --bundle bundle.zip" recomputes them all; the sha256 of manifest.json is the manifest hash printed in every footer.',
    { size: 9.5, color: COLOR.muted },
  );
}

function scopeControls(model: ReportModel, options: PdfOptions): ReportControl[] {
  return options.sectionId === undefined ? model.controls : model.controls.filter((control) => control.sectionId === options.sectionId);
}

function drawSummary(doc: Doc, model: ReportModel, options: PdfOptions): void {
  doc.addPage();
  doc.outline.addItem('Summary');
  heading(doc, 'Summary', 18);
  const y = doc.y;
  const score = formatScore(model.snapshot.score);
  doc.font(FONT.bold).fontSize(22).fillColor(COLOR.text).text(score, MARGIN.left, y, { lineBreak: false });
  const scoreWidth = doc.widthOfString(score);
  doc
    .font(FONT.regular)
    .fontSize(10)
    .fillColor(COLOR.muted)
    .text(`overall score of ${model.controls.length} controls: pass / (pass + fail + warn + unknown)`, MARGIN.left + scoreWidth + 10, y + 9, { lineBreak: false });
  doc.x = MARGIN.left;
  doc.y = y + 40;

  table(
    doc,
    [
      { title: 'Section', width: 195 },
      { title: 'Score', width: 55, align: 'right' },
      { title: 'Pass', width: 40, align: 'right' },
      { title: 'Fail', width: 40, align: 'right' },
      { title: 'Warn', width: 40, align: 'right' },
      { title: 'Unknown', width: 45, align: 'right' },
      { title: 'Manual', width: 40, align: 'right' },
      { title: 'N/A', width: 40, align: 'right' },
    ],
    model.sections.map((section) => {
      const total = Object.values(section.counts).reduce((sum, count) => sum + count, 0);
      return {
        cells: [
          `${section.id}. ${section.title}`,
          total === 0 ? 'context' : formatScore(section.score),
          ...(['pass', 'fail', 'warn', 'unknown', 'manual', 'not-applicable'] as const).map((status) => String(section.counts[status])),
        ],
      };
    }),
  );

  const controls = scopeControls(model, options);
  heading(doc, options.sectionId === undefined ? 'Controls' : `Controls of section ${options.sectionId}`, 13, { gapBefore: 1.2 });
  table(
    doc,
    [
      { title: 'Control', width: 140 },
      { title: 'Title', width: 275 },
      { title: 'Status', width: 80 },
    ],
    controls.map((control) => ({ cells: [control.id, control.title, statusLabel(control.status)], colors: [undefined, undefined, STATUS_COLOR[control.status]] })),
  );
}

/** Running header (not on the cover) and the sealed footer, drawn on every page once all exist. */
function drawPageFrames(doc: Doc, model: ReportModel): void {
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

/** The whole PDF in memory (a few hundred kilobytes for a full snapshot). */
export function renderReportPdf(model: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfText(`Refmap evidence report: ${model.snapshot.cluster}, snapshot of ${model.snapshot.takenAt}`),
      Author: 'Refmap',
      Subject: pdfText(`Snapshot ${model.snapshot.id}; manifest sha256 ${model.snapshot.manifestHash ?? 'none'}`),
      CreationDate: new Date(model.download.at),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const sectionTitles = new Map(model.sections.map((section) => [section.id, section.title]));
  drawCover(doc, model, options);
  drawSummary(doc, model, options);
  for (const control of scopeControls(model, options)) drawControl(doc, control, sectionTitles.get(control.sectionId) ?? '');
  drawPageFrames(doc, model);
  doc.end();
  return done;
}
