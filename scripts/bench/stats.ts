/** Summaries of repeated timings: medians for the typical case, p95 for the slow tail. */

export interface Summary {
  runs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/**
 * The value at quantile `q` by the nearest-rank method (no interpolation: every figure reported was
 * really measured).
 * @example quantile([5, 1, 3], 0.5) // 3
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    median: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/** Milliseconds for tables: one decimal below 100 ms, whole numbers above. */
export function formatMs(ms: number): string {
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Runs `work` `runs` times one after another and returns each run's wall time in ms. */
export async function timeRepeatedly(runs: number, work: (run: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work(run);
    samples.push(performance.now() - started);
  }
  return samples;
}
