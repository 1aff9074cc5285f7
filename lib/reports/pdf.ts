import PDFDocument from 'pdfkit';
import type { ReportControl, ReportModel } from './report-model';
import { drawControl } from './pdf-control-pages';
import { COLOR, type Doc, drawPageFrames, fields, FONT, formatScore, formatTime, heading, MARGIN, paragraph, pdfText, STATUS_COLOR, statusLabel, table } from './pdf-layout';

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
