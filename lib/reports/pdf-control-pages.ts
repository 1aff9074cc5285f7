import type { JsonValue } from '@/lib/evaluate/canonical-json';
import type { ReportCheck, ReportControl } from './report-model';
import { bottomLimit, bullet, clip, codeBlock, COLOR, contentWidth, type Doc, ensureSpace, type Field, fields, FONT, formatTime, heading, LIMIT, MARGIN, paragraph, pdfText, statusBadge } from './pdf-layout';

/** The report PDF's pages per control: requirement, status, each check with its evidence, and the sign-offs. */

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

export function drawControl(doc: Doc, control: ReportControl, sectionTitle: string): void {
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
