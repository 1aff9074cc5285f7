import Link from 'next/link';
import { formatScore } from '@/lib/evaluate/score';
import { Sparkline } from '@/components/sparkline';
import { STATUS_STYLES } from '@/components/status-chip';
import type { GlanceTrends } from '@/lib/data/glance';
import type { MatrixView, MatrixViewCell } from '@/lib/data/matrix-view';

// the status in words (never by colour alone), as short as a tile needs; a link's name contains it
const TILE_TEXT: Record<MatrixViewCell['status'], string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  unknown: 'unknown',
  manual: 'manual',
  'not-applicable': 'n/a',
};

/**
 * The whole catalog on one screen: a card per section with its score and 30-day line per cluster,
 * and a tile per control and cluster with the control's id and a short text status. Each tile links
 * to its drilldown; the table below stays for filtering and reading.
 */
export function MatrixGlance({ view, trends, at }: { view: MatrixView; trends: GlanceTrends; at: string | null }) {
  const clusters = view.clusters.map((cluster) => cluster.name);
  const sections = view.sections.filter((section) => section.controls.length > 0);
  const query = (cluster: string) => `?${new URLSearchParams({ cluster, ...(at ? { at } : {}) })}`;
  return (
    <section aria-labelledby="glance-heading" data-testid="matrix-glance" className="space-y-2">
      <h2 id="glance-heading" className="text-lg font-semibold">
        At a glance
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {sections.map((section) => (
          <div key={section.id} data-section-id={section.id} className="rounded border border-gray-200 bg-white p-2">
            <h3 className="text-sm font-semibold">
              {section.id}. {section.title}
            </h3>
            <ul aria-label={`Section ${section.id} per cluster: score now and daily score over 30 days`} className="mt-1 text-xs">
              {clusters.map((cluster, index) => (
                <li key={cluster} className="flex items-center gap-1">
                  <span className="min-w-0 flex-1 truncate text-gray-700">{cluster}</span>
                  <span className="w-10 text-right font-semibold">{formatScore(section.scores[index] ?? null)}</span>
                  <Sparkline scores={trends.byCluster[cluster]?.[section.id] ?? []} label={`Section ${section.id} on ${cluster}`} />
                </li>
              ))}
            </ul>
            <ul className="mt-1 space-y-0.5">
              {section.controls.map((control) => (
                <li key={control.id} className="flex items-center gap-1">
                  <span className="min-w-0 flex-1 truncate font-mono text-[11px] leading-4" title={control.title}>
                    {control.id}
                  </span>
                  {control.cells.map((cell, index) => {
                    const cluster = clusters[index] ?? '';
                    if (!cell) {
                      return (
                        <span key={cluster} className="w-13 shrink-0 rounded bg-gray-100 px-0.5 text-center text-[11px] leading-4 whitespace-nowrap text-gray-700">
                          none
                        </span>
                      );
                    }
                    const style = STATUS_STYLES[cell.status];
                    return (
                      <Link
                        key={cluster}
                        href={`/controls/${encodeURIComponent(control.id)}${query(cluster)}`}
                        aria-label={`${control.id} on ${cluster}: ${TILE_TEXT[cell.status]}${cell.status === 'not-applicable' ? ' (not applicable)' : ''}${cell.isWaived ? ', waived' : ''}${cell.isAttested ? ', attested' : ''}`}
                        title={`${cluster}: ${cell.summary}`}
                        className={`w-13 shrink-0 rounded px-0.5 text-center text-[11px] leading-4 font-semibold whitespace-nowrap ${style.className}`}
                      >
                        {TILE_TEXT[cell.status]}
                      </Link>
                    );
                  })}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
