import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Reads NIST's OSCAL SP 800-53 rev5 catalog (the high-baseline resolved profile) down to ids and
 * titles. Used by scripts/nist-titles.ts to write the trimmed copy Refmap ships, and by the tests to
 * check that copy and the mapping against NIST's original when it is at hand.
 */

const FILE_NAME = 'NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json';

/** Where the design material sits beside a checkout (`../shared`) or beside a worktree of it (`../../shared`). */
export function findNistCatalogFile(repositoryRoot: string = process.cwd()): string | undefined {
  return ['..', '../..'].map((up) => path.resolve(repositoryRoot, up, 'shared/design/oscal', FILE_NAME)).find((candidate) => existsSync(candidate));
}

interface OscalControl {
  id: string;
  title: string;
  props?: { name: string; value: string; class?: string }[];
  controls?: OscalControl[];
}

const controlSchema: z.ZodType<OscalControl> = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    props: z.array(z.object({ name: z.string(), value: z.string(), class: z.string().optional() })).optional(),
    controls: z.array(controlSchema).optional(),
  }),
);

const catalogSchema = z.object({
  catalog: z.object({
    metadata: z.object({ title: z.string(), version: z.string(), 'oscal-version': z.string() }),
    groups: z.array(z.object({ controls: z.array(controlSchema) })),
  }),
});

export interface NistCatalogSummary {
  source: { title: string; version: string; oscalVersion: string };
  /** `id` as NIST writes it (`AC-6(9)`), `oscalId` as OSCAL does (`ac-6.9`) */
  controls: { id: string; oscalId: string; title: string }[];
}

/** NIST's own label (`AC-6(9)`): the `label` prop without a class (the others are zero-padded or 800-53A forms). */
function labelOf(control: OscalControl): string {
  const label = control.props?.find((prop) => prop.name === 'label' && prop.class === undefined)?.value;
  if (label === undefined) throw new Error(`NIST catalog: control ${control.id} has no label`);
  return label;
}

function flatten(controls: OscalControl[]): NistCatalogSummary['controls'] {
  return controls.flatMap((control) => [{ id: labelOf(control), oscalId: control.id, title: control.title }, ...flatten(control.controls ?? [])]);
}

export function readNistCatalog(file: string): NistCatalogSummary {
  const { catalog } = catalogSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return {
    source: { title: catalog.metadata.title, version: catalog.metadata.version, oscalVersion: catalog.metadata['oscal-version'] },
    controls: flatten(catalog.groups.flatMap((group) => group.controls)),
  };
}
