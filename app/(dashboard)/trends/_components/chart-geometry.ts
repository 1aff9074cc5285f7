/**
 * The arithmetic of the score chart, apart from its markup so that it can be tested: time runs left
 * to right over [from, to], score bottom (0 %) to top (100 %).
 */

export interface ChartBox {
  width: number;
  height: number;
  /** room for the axes' labels */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartPoint {
  at: string;
  score: number | null;
}

export function xOf(box: ChartBox, from: number, to: number, time: number): number {
  const span = Math.max(1, to - from);
  return box.left + ((time - from) / span) * (box.width - box.left - box.right);
}

export function yOf(box: ChartBox, score: number): number {
  return box.top + (1 - score) * (box.height - box.top - box.bottom);
}

/**
 * An SVG path through the points; a point without a score (nothing counted) breaks the line
 * rather than pretending to be 0 %.
 * @example
 * // box: 800 × 300, left 40, right 20, top 20, bottom 40; from and to are the two points' times
 * linePath(box, from, to, [{ at: fromIso, score: 1 }, { at: toIso, score: 0.5 }]) // 'M40.0 20.0 L780.0 140.0'
 */
export function linePath(box: ChartBox, from: number, to: number, points: ChartPoint[]): string {
  const parts: string[] = [];
  let isDrawing = false;
  for (const point of points) {
    if (point.score === null) {
      isDrawing = false;
      continue;
    }
    const x = xOf(box, from, to, Date.parse(point.at)).toFixed(1);
    const y = yOf(box, point.score).toFixed(1);
    parts.push(`${isDrawing ? 'L' : 'M'}${x} ${y}`);
    isDrawing = true;
  }
  return parts.join(' ');
}

/** Evenly spaced times for the x axis labels, ends included. */
export function timeTicks(from: number, to: number, count: number): number[] {
  if (count < 2) return [from];
  return Array.from({ length: count }, (_, index) => from + ((to - from) * index) / (count - 1));
}
