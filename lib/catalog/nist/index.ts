import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isNistMatch } from './match';
import nistCatalog from './sp800-53-rev5-high.json';

/**
 * NIST SP 800-53 rev5 for each Refmap control: which 800-53 controls and enhancements its evidence
 * supports (mapping.yaml, reviewed like the rest of the catalog), and how severe a gap is. Titles
 * come from sp800-53-rev5-high.json, NIST's high-baseline catalog trimmed to ids and titles by
 * scripts/nist-titles.ts. Exports (OSCAL, HDF, POA&M), the drilldown, the matrix filter and the
 * /nist page all read it from here.
 */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface NistReference {
  /** as NIST writes it: `AC-6`, `AC-6(9)` */
  id: string;
  /** as OSCAL writes it: `ac-6`, `ac-6.9` */
  oscalId: string;
  title: string;
  /** one line: what the control's evidence shows for this 800-53 control */
  rationale: string;
}

export interface NistMapping {
  severity: Severity;
  severityReason: string;
  nist: NistReference[];
  /** false for a control the mapping does not list (an organisation's own control) */
  isMapped: boolean;
}

/** The source the titles were taken from, for exports that name it. */
export const NIST_CATALOG_SOURCE = nistCatalog.source;

const MAPPING_FILE = path.join(process.cwd(), 'lib/catalog/nist/mapping.yaml');
const NIST_ID = /^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/;

const nistControls = new Map(nistCatalog.controls.map((control) => [control.id, control]));

const entrySchema = z
  .object({
    severity: z.enum(SEVERITIES),
    severityReason: z.string().trim().min(1),
    nist: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(NIST_ID, 'must be an 800-53 id as NIST writes it, e.g. AC-6 or AC-6(9)')
              .refine((id) => nistControls.has(id), 'is not a control of NIST SP 800-53 rev5 (high baseline)'),
            rationale: z.string().trim().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const mappingSchema = z.record(z.string().min(1), entrySchema);

/** Organisation controls added in REFMAP_CONFIG have no entry: a middle severity, and no claim about 800-53. */
const UNMAPPED: Omit<NistMapping, 'nist'> = { severity: 'medium', severityReason: 'not mapped', isMapped: false };

let cached: Map<string, NistMapping> | undefined;

/** Parses and checks a mapping document; throws naming the control and field at fault. */
export function parseNistMapping(text: string): Map<string, NistMapping> {
  const parsed = mappingSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`lib/catalog/nist/mapping.yaml ${issue.path.join('.')}: ${issue.message}`);
  }
  return new Map(
    Object.entries(parsed.data).map(([controlId, entry]) => [
      controlId,
      { severity: entry.severity, severityReason: entry.severityReason, isMapped: true, nist: entry.nist.map((item) => ({ ...nistControls.get(item.id)!, rationale: item.rationale })) },
    ]),
  );
}

function mappings(): Map<string, NistMapping> {
  cached ??= parseNistMapping(readFileSync(MAPPING_FILE, 'utf8'));
  return cached;
}

/** The mapping of a control, or undefined when mapping.yaml has no entry for it. */
export function mappingForControl(controlId: string): NistMapping | undefined {
  return mappings().get(controlId);
}

/** The mapping of a control, with the default for controls mapping.yaml does not list. */
export function nistMappingOf(controlId: string): NistMapping {
  return mappingForControl(controlId) ?? { ...UNMAPPED, nist: [] };
}

/** NIST's title of an 800-53 control or enhancement (`AC-6(9)` → `Log Use of Privileged Functions`). */
export function nistTitle(id: string): string | undefined {
  return nistControls.get(id)?.title;
}

/** The Refmap controls mapping.yaml lists. */
export function mappedControlIds(): string[] {
  return [...mappings().keys()];
}

const positions = new Map(nistCatalog.controls.map((control, index) => [control.id, index]));

/** The place of an 800-53 id in NIST's catalog, for sorting (unknown ids last). */
export function nistOrder(id: string): number {
  return positions.get(id) ?? Number.MAX_SAFE_INTEGER;
}

/** Every 800-53 id some control maps to, in NIST's order. */
export function mappedNistIds(): string[] {
  const used = new Set([...mappings().values()].flatMap((mapping) => mapping.nist.map((item) => item.id)));
  return nistCatalog.controls.map((control) => control.id).filter((id) => used.has(id));
}

/**
 * Whether a mapping names the 800-53 control `filter` or one of its enhancements; case-insensitive.
 * @example matchesNist(mapping, 'ac-6') // true when the mapping lists AC-6 or AC-6(9)
 */
export function matchesNist(mapping: NistMapping, filter: string): boolean {
  return mapping.nist.some((item) => isNistMatch(item.id, filter));
}
