import { formatScore } from '@/lib/evaluate/score';

/**
 * A small line of daily scores (0–1), oldest first; a day without a score breaks the line. The label
 * says in words what the line shows, for screen readers and for anyone who cannot see the colour.
 */
export function Sparkline({ scores, label, width = 72, height = 18 }: { scores: (number | null)[]; label: string; width?: number; height?: number }) {
  const known = scores.filter((score): score is number => score !== null);
  const first = known[0];
  const last = known.at(-1);
  const description = first === undefined || last === undefined ? `${label}: no score in the last ${scores.length} days` : `${label}: ${formatScore(first)} to ${formatScore(last)} over ${scores.length} days`;
  const step = scores.length > 1 ? width / (scores.length - 1) : 0;
  // consecutive known days form one segment; a gap starts a new one
  const segments: string[] = [];
  let current: string[] = [];
  scores.forEach((score, index) => {
    if (score === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${(index * step).toFixed(1)},${(height - 1 - score * (height - 2)).toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  return (
    <svg role="img" aria-label={description} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="inline-block align-middle text-blue-800">
      <title>{description}</title>
      <line x1="0" x2={width} y1={height - 1} y2={height - 1} className="stroke-gray-200" strokeWidth="1" />
      {segments.map((points) =>
        points.includes(' ') ? (
          <polyline key={points} points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
        ) : (
          <circle key={points} cx={points.split(',')[0]} cy={points.split(',')[1]} r="1.5" fill="currentColor" />
        ),
      )}
    </svg>
  );
}
