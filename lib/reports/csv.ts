import type { ReportModel } from './report-model';

/**
 * results.csv: one row per control × check (a control without evidence gets one row with empty check
 * columns, so every control appears). RFC 4180: comma-separated, CRLF line ends, fields quoted when
 * they hold a comma, quote, CR or LF, quotes doubled. UTF-8, no byte-order mark.
 */

export const CSV_COLUMNS = [
  'cluster',
  'snapshot_id',
  'snapshot_time',
  'section',
  'control_id',
  'control_title',
  'control_status',
  'check_id',
  'check_status',
  'source',
  'query',
  'observed_at',
  'evidence_sha256',
  'summary',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * One field. A value starting with = + - @ (or a tab or CR) is prefixed with a single quote, so that a
 * spreadsheet shows it as text instead of running it as a formula (CSV injection). A value that really
 * starts with a single quote gets one more, so that removing the guard gives back exactly the value.
 * @example csvField('a,"b"') // '"a,""b"""'
 * @example csvField('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The rows as records, in catalog order: the CSV before quoting. */
function resultRows(model: ReportModel): Record<CsvColumn, string>[] {
  const { snapshot } = model;
  return model.controls.flatMap((control) => {
    const common = {
      cluster: snapshot.cluster,
      snapshot_id: snapshot.id,
      snapshot_time: snapshot.takenAt,
      section: control.sectionId,
      control_id: control.id,
      control_title: control.title,
      control_status: control.status,
    };
    if (control.checks.length === 0) {
      return [{ ...common, check_id: '', check_status: '', source: '', query: '', observed_at: '', evidence_sha256: '', summary: control.summary }];
    }
    return control.checks.map((check) => ({
      ...common,
      check_id: check.id,
      check_status: check.status,
      source: check.source,
      query: check.query,
      observed_at: check.observedAt,
      evidence_sha256: check.sha256,
      summary: check.summary,
    }));
  });
}

export function renderResultsCsv(model: ReportModel): string {
  return csvLine(CSV_COLUMNS) + resultRows(model).map((row) => csvLine(CSV_COLUMNS.map((column) => row[column]))).join('');
}

/**
 * Reads RFC 4180 text back into rows of fields (quoted fields may hold commas, quotes and line
 * breaks). The formula guard is not undone here: see `withoutFormulaGuard`.
 * @example parseCsv('a,"b,""c"""\r\n') // [['a', 'b,"c"']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (isQuoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        isQuoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      isQuoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The value before csvField guarded it against formula injection. */
export function withoutFormulaGuard(value: string): string {
  return /^'[=+\-@\t\r']/.test(value) ? value.slice(1) : value;
}
