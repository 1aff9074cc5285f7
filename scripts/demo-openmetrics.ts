// Writes the demo dataset's metrics in OpenMetrics text format, for backfilling a real Prometheus:
//   npx tsx --conditions=react-server scripts/demo-openmetrics.ts --scenario stock --now 2026-01-01T00:00:00Z --out FILE
//   promtool tsdb create-blocks-from openmetrics FILE DATA_DIR
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { buildDemoDataset } from '../demo/dataset';
import { openMetricsLines } from '../demo/prometheus/openmetrics';
import type { DemoScenario } from '../demo/types';

const SCENARIOS: readonly DemoScenario[] = ['healthy', 'stock', 'degraded'];

function fail(message: string): never {
  process.stderr.write(`demo-openmetrics: ${message}\n`);
  process.stderr.write('usage: demo-openmetrics --scenario healthy|stock|degraded --now ISO-TIME [--seed N] [--out FILE]\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'stock' },
      now: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const scenario = values.scenario as DemoScenario;
  if (!SCENARIOS.includes(scenario)) fail(`unknown scenario "${values.scenario}"`);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) fail(`--now is not a date: "${values.now}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be an integer');
  const dataset = buildDemoDataset({ scenario, now, scale: seed === undefined ? undefined : { seed } });
  // a closed pipe (`… | head`) ends the output quietly
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  const output: Writable = values.out === undefined ? process.stdout : createWriteStream(values.out);
  for (const line of openMetricsLines(dataset)) {
    // respect back-pressure so that large datasets do not pile up in memory
    if (!output.write(line)) await once(output, 'drain');
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
