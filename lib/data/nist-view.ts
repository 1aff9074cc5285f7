import 'server-only';
import { nistMappingOf, nistOrder, nistTitle } from '@/lib/catalog/nist';
import { worstStatus } from '@/lib/evaluate/score';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { MatrixView, MatrixViewCell } from './matrix-view';

/**
 * The auditor's view of the matrix: each NIST SP 800-53 rev5 control the catalog maps to, the Refmap
 * controls that give evidence for it, and their verdicts per cluster. A verdict per 800-53 control is
 * the worst of its Refmap controls' — never better than the weakest evidence.
 */

export interface NistViewControl {
  id: string;
  title: string;
  rationale: string;
  /** one per cluster, as in the matrix */
  cells: (MatrixViewCell | null)[];
}

export interface NistViewRow {
  /** as NIST writes it: `AC-6(9)` */
  id: string;
  title: string;
  /** per cluster: the worst status of the Refmap controls, null when the cluster has none of them */
  statuses: (ControlStatus | null)[];
  controls: NistViewControl[];
}

export interface NistView {
  clusters: MatrixView['clusters'];
  rows: NistViewRow[];
  /** Refmap controls the mapping does not list (an organisation's own), so that nothing silently drops out */
  unmapped: { id: string; title: string }[];
}

/** Pure: regroups a matrix view by 800-53 control, in NIST's order. */
export function buildNistView(view: MatrixView): NistView {
  const controls = view.sections.flatMap((section) => section.controls);
  const byNistId = new Map<string, NistViewControl[]>();
  for (const control of controls) {
    for (const item of nistMappingOf(control.id).nist) {
      byNistId.set(item.id, [...(byNistId.get(item.id) ?? []), { id: control.id, title: control.title, rationale: item.rationale, cells: control.cells }]);
    }
  }
  const rows = [...byNistId]
    .sort(([a], [b]) => nistOrder(a) - nistOrder(b))
    .map(([id, mapped]): NistViewRow => ({
      id,
      title: nistTitle(id) ?? id,
      statuses: view.clusters.map((_, index) => {
        const statuses = mapped.flatMap((control) => (control.cells[index] ? [control.cells[index].status] : []));
        return statuses.length === 0 ? null : worstStatus(statuses);
      }),
      controls: mapped,
    }));
  return {
    clusters: view.clusters,
    rows,
    unmapped: controls.filter((control) => !nistMappingOf(control.id).isMapped).map((control) => ({ id: control.id, title: control.title })),
  };
}
