import { formatUtc, formatUtcDate } from '@/components/format-time';
import { formatScore } from '@/lib/evaluate/score';
import type { Regression } from '@/lib/data/regressions';
import type { TrendPoint } from '@/lib/data/trends';
import { linePath, timeTicks, xOf, yOf, type ChartBox } from './chart-geometry';

export interface ChartSeries {
  id: string;
  label: string;
  points: TrendPoint[];
}

// Lines differ in dash pattern as well as colour, so the chart reads without colour too; every
// colour has at least 3:1 contrast against white (WCAG 1.4.11).
const SERIES_STYLES = [
  { stroke: '#111827', width: 3, dash: undefined },
  { stroke: '#1d4ed8', width: 2, dash: '8 4' },
  { stroke: '#047857', width: 2, dash: '2 4' },
  { stroke: '#7c3aed', width: 2, dash: '12 4 3 4' },
  { stroke: '#b45309', width: 2, dash: '4 2' },
  { stroke: '#be123c', width: 2, dash: '1 3' },
];

const BOX: ChartBox = { width: 800, height: 300, left: 48, right: 16, top: 16, bottom: 36 };

/**
 * Score over time, overall and per section, as a hand-written SVG line chart. Regressions are red
 * triangles linking to the diff that caused them. The same numbers are in the table below the chart
 * for screen readers and for anyone who prefers them.
 */
export function ScoreChart({ series, regressions, from, to, diffHref }: { series: ChartSeries[]; regressions: Regression[]; from: string; to: string; diffHref: (regression: Regression) => string }) {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const overall = series[0];
  const drawable = series.filter((line) => line.points.some((point) => point.score !== null));
  return (
    <figure className="rounded border border-gray-200 bg-white p-4">
      {/* a group, not an image: the regression markers inside are links */}
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} className="h-auto w-full" role="group" aria-labelledby="score-chart-title" aria-describedby="score-chart-desc">
        <title id="score-chart-title">Score over time</title>
        <desc id="score-chart-desc">
          {`Overall and per-section score from ${formatUtc(from)} to ${formatUtc(to)}; ${regressions.length} regression${regressions.length === 1 ? '' : 's'} marked. The table below holds the same data.`}
        </desc>
        {[0, 0.25, 0.5, 0.75, 1].map((score) => (
          <g key={score}>
            <line x1={BOX.left} x2={BOX.width - BOX.right} y1={yOf(BOX, score)} y2={yOf(BOX, score)} stroke="#d1d5db" strokeWidth={1} />
            <text x={BOX.left - 6} y={yOf(BOX, score) + 4} textAnchor="end" fontSize={12} fill="#374151">
              {Math.round(score * 100)}%
            </text>
          </g>
        ))}
        {timeTicks(start, end, 5).map((time, index, ticks) => (
          <text
            key={time}
            x={xOf(BOX, start, end, time)}
            y={BOX.height - 12}
            // the end labels stay inside the picture
            textAnchor={index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}
            fontSize={12}
            fill="#374151"
          >
            {formatUtcDate(new Date(time).toISOString())}
          </text>
        ))}
        {drawable.map((line) => {
          const style = SERIES_STYLES[series.indexOf(line) % SERIES_STYLES.length]!;
          return (
            <g key={line.id}>
              <path d={linePath(BOX, start, end, line.points)} fill="none" stroke={style.stroke} strokeWidth={style.width} strokeDasharray={style.dash} />
              {line.points.map((point) =>
                point.score === null ? null : (
                  <circle key={point.at} cx={xOf(BOX, start, end, Date.parse(point.at))} cy={yOf(BOX, point.score)} r={3} fill={style.stroke}>
                    <title>{`${line.label}: ${formatScore(point.score)} (${formatUtc(point.at)})`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
        {regressions.map((regression) => {
          // above the overall point of the bucket the worse snapshot fell into
          const bucket = overall?.points.filter((point) => Date.parse(point.at) <= Date.parse(regression.takenAt)).at(-1);
          const x = xOf(BOX, start, end, bucket ? Date.parse(bucket.at) : Date.parse(regression.takenAt));
          const y = yOf(BOX, bucket?.score ?? regression.overall?.after ?? 0);
          return (
            <a key={regression.snapshotId} href={diffHref(regression)} aria-label={`Regression at ${formatUtc(regression.takenAt)}: see what changed`}>
              <path d={`M${x - 7} ${y - 14} L${x + 7} ${y - 14} L${x} ${y - 3} Z`} fill="#b91c1c" stroke="#7f1d1d" />
            </a>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {drawable.map((line) => {
          const style = SERIES_STYLES[series.indexOf(line) % SERIES_STYLES.length]!;
          return (
            <span key={line.id} className="inline-flex items-center gap-1.5">
              <svg width="28" height="8" aria-hidden="true">
                <line x1="0" x2="28" y1="4" y2="4" stroke={style.stroke} strokeWidth={style.width} strokeDasharray={style.dash} />
              </svg>
              {line.label}
            </span>
          );
        })}
        {regressions.length > 0 ? (
          <span className="inline-flex items-center gap-1.5">
            <svg width="14" height="12" aria-hidden="true">
              <path d="M0 0 L14 0 L7 11 Z" fill="#b91c1c" />
            </svg>
            regression (links to its diff)
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

/** The chart's numbers as a table: one row per time bucket, one column per line. */
export function ScoreTable({ series }: { series: ChartSeries[] }) {
  const times = [...new Set(series.flatMap((line) => line.points.map((point) => point.at)))].sort();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Score per time bucket</caption>
        <thead className="bg-gray-50 text-gray-700">
          <tr>
            <th scope="col" className="px-2 py-1">From</th>
            {series.map((line) => (
              <th key={line.id} scope="col" className="px-2 py-1">
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr key={time} className="border-t border-gray-100">
              <th scope="row" className="px-2 py-1 font-normal">
                {formatUtc(time)}
              </th>
              {series.map((line) => (
                <td key={line.id} className="px-2 py-1">
                  {formatScore(line.points.find((point) => point.at === time)?.score ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
