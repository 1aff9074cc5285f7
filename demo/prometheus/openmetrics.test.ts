import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from '../dataset';
import { openMetricsTimestamp, toOpenMetrics } from './openmetrics';

const dataset = buildDemoDataset({ scenario: 'stock', now: new Date('2026-01-01T00:00:00Z') });
const text = toOpenMetrics(dataset);
const lines = text.split('\n');

describe('toOpenMetrics', () => {
  it('ends with # EOF', () => {
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(lines.filter((line) => line === '# EOF')).toHaveLength(1);
  });

  it('declares each family once, before its samples, keeping the catalog names', () => {
    const typeLines = lines.filter((line) => line.startsWith('# TYPE '));
    const families = typeLines.map((line) => line.split(' ')[2]);
    expect(new Set(families).size).toBe(families.length);
    expect(typeLines).toContain('# TYPE falcosecurity_falcosidekick_falco_events counter');
    expect(typeLines).toContain('# TYPE fluentd_output_status_num_errors unknown');
    expect(typeLines).toContain('# TYPE trivy_image_vulnerabilities gauge');
    const firstSample = lines.findIndex((line) => line.startsWith('falcosecurity_falcosidekick_falco_events_total{'));
    expect(lines.findIndex((line) => line === '# TYPE falcosecurity_falcosidekick_falco_events counter')).toBeLessThan(firstSample);
  });

  it('writes one line per sample of the 3-hour window, with timestamps in seconds', () => {
    const { prometheus } = dataset;
    const expected = prometheus.series.reduce((sum, series) => {
      const last = Math.min(series.lastIndex ?? prometheus.nowIndex, prometheus.nowIndex);
      return sum + Math.max(0, last - Math.max(series.firstIndex, 0) + 1);
    }, 0);
    const samples = lines.filter((line) => line !== '' && !line.startsWith('#'));
    expect(samples).toHaveLength(expected);
    expect(samples[0]).toMatch(/^up\{instance="[^"]+",job="kube-state-metrics",namespace="monitoring",pod="[^"]+"\} 1 1767214800\.000$/);
    expect(samples.at(-1)).toMatch(/ 1767225600\.000$/);
  });

  it('writes timestamps that read back to the exact millisecond after truncation', () => {
    for (let timeMs = 1_767_225_600_000; timeMs < 1_767_225_602_000; timeMs += 7) {
      expect(Math.trunc(Number(openMetricsTimestamp(timeMs)) * 1000)).toBe(timeMs);
    }
  });

  it('escapes label values', () => {
    const custom = { ...dataset, prometheus: { ...dataset.prometheus, series: [{ name: 'x', labels: { a: 'say "hi"\\\n' }, firstIndex: dataset.prometheus.nowIndex, valueAt: () => 1 }] } };
    expect(toOpenMetrics(custom)).toContain('x{a="say \\"hi\\"\\\\\\n"} 1 1767225600.000');
  });
});
