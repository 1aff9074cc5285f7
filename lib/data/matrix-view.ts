import 'server-only';
import { SECTIONS } from '@/lib/catalog';
import { findActiveControl } from '@/lib/app-context';
import { nistMappingOf } from '@/lib/catalog/nist';
import type { Database } from '@/lib/db';
import type { ControlStatus } from '@/lib/evaluate/types';
import { readAttestedControlIds } from './attestations';
import { NoSnapshotError, NoSuchClusterError, readMatrix, type Matrix } from './matrix';
import { readWaivedControlIds } from './waivers';

/**
 * The matrix page: every configured cluster side by side (one column each), each control with its
 * automated verdict per cluster and whether an attestation or a waiver applies at the time looked at.
 * /api/matrix keeps its one-cluster shape (readMatrix); this is what the page needs on top of it.
 */

export interface MatrixViewCell {
  status: ControlStatus;
  summary: string;
  isAttested: boolean;
  isWaived: boolean;
}

export interface MatrixViewControl {
  id: string;
  title: string;
  group: string;
  sectionId: string;
  /** where the evidence comes from: prometheus, opensearch, harbor, kubernetes, or manual / derived */
  sources: string[];
  /** the NIST SP 800-53 controls it gives evidence for, as NIST writes them (`AC-6(9)`) */
  nist: string[];
  /** one per cluster, in the order of `MatrixView.clusters`; null when that cluster has no result */
  cells: (MatrixViewCell | null)[];
}

export interface MatrixViewSection {
  id: string;
  title: string;
  summary: string;
  /** one per cluster */
  scores: (number | null)[];
  controls: MatrixViewControl[];
}

export interface MatrixViewCluster {
  name: string;
  /** null: no snapshot yet (as of the time looked at) */
  snapshot: Matrix['snapshot'] | null;
  score: number | null;
}

export interface MatrixView {
  clusters: MatrixViewCluster[];
  sections: MatrixViewSection[];
}

export interface ClusterMatrix {
  name: string;
  matrix: Matrix | null;
  attested: ReadonlySet<string>;
  waived: ReadonlySet<string>;
}

/** The evidence sources of a control, from the catalog. */
export function sourcesOf(controlId: string): string[] {
  const definition = findActiveControl(controlId);
  if (!definition) return [];
  if (definition.isManual) return ['manual'];
  if (definition.derivedFrom && definition.checks.length === 0) return ['derived'];
  return [...new Set(definition.checks.map((check) => check.source))];
}

/** Pure: lays the clusters' matrices side by side, in section and catalog order. */
export function buildMatrixView(clusters: ClusterMatrix[]): MatrixView {
  const sections = SECTIONS.map((section) => {
    const perCluster = clusters.map((cluster) => cluster.matrix?.sections.find((candidate) => candidate.id === section.id));
    // rows in the order of the first cluster that has each control (all clusters share the catalog order)
    const rowIds: string[] = [];
    for (const clusterSection of perCluster) {
      for (const control of clusterSection?.controls ?? []) if (!rowIds.includes(control.id)) rowIds.push(control.id);
    }
    const controls = rowIds.map((controlId): MatrixViewControl => {
      const known = perCluster.flatMap((clusterSection) => clusterSection?.controls.filter((control) => control.id === controlId) ?? [])[0];
      return {
        id: controlId,
        title: known?.title ?? controlId,
        group: known?.group ?? '',
        sectionId: section.id,
        sources: sourcesOf(controlId),
        nist: nistMappingOf(controlId).nist.map((item) => item.id),
        cells: clusters.map((cluster, index) => {
          const control = perCluster[index]?.controls.find((candidate) => candidate.id === controlId);
          if (!control) return null;
          return { status: control.status, summary: control.summary, isAttested: cluster.attested.has(controlId), isWaived: cluster.waived.has(controlId) };
        }),
      };
    });
    return { id: section.id, title: section.title, summary: section.summary, scores: perCluster.map((clusterSection) => clusterSection?.score ?? null), controls };
  });
  return {
    clusters: clusters.map((cluster) => ({ name: cluster.name, snapshot: cluster.matrix?.snapshot ?? null, score: cluster.matrix?.score ?? null })),
    sections,
  };
}

/** The matrix of each named cluster as of `at` (default now); a cluster without a snapshot yet gets an empty column. */
export async function readMatrixView(database: Database, clusterNames: string[], at?: Date): Promise<MatrixView> {
  const signOffTime = at ?? new Date();
  const clusters: ClusterMatrix[] = [];
  for (const name of clusterNames) {
    let matrix: Matrix | null;
    try {
      matrix = await readMatrix(database, name, at);
    } catch (error) {
      if (!(error instanceof NoSnapshotError || error instanceof NoSuchClusterError)) throw error;
      matrix = null;
    }
    const [attested, waived] = matrix
      ? await Promise.all([readAttestedControlIds(database, name, signOffTime), readWaivedControlIds(database, name, signOffTime)])
      : [new Set<string>(), new Set<string>()];
    clusters.push({ name, matrix, attested, waived });
  }
  return buildMatrixView(clusters);
}
