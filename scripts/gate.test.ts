import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideGate, parseMinScore, type LatestScores } from '@/lib/data/gate';
import { openDatabase } from '@/lib/db';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-gate-'));

/** Runs `npm run gate -- …` as CI would, against the seeded embedded database. */
async function gate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, REFMAP_DATA_DIR: dataDir, DATABASE_URL: '', REFMAP_CONFIG: '', REFMAP_CLUSTER_NAME: '', PROMETHEUS_URL: '', OPENSEARCH_URL: '', HARBOR_URL: '', KUBERNETES_API_URL: '', KUBECONFIG: '', LOG_LEVEL: 'warn' };
  try {
    const { stdout, stderr } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/gate.ts', ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  // cluster `demo` (the default name without sources): section 5 scores 0.5, section 2 scores 1
  const database = await openDatabase({ dataDir, databaseUrl: undefined });
  await database.prisma.cluster.create({
    data: {
      name: 'demo',
      snapshots: {
        create: {
          takenAt: new Date('2026-12-01T10:00:00Z'),
          durationMs: 1000,
          catalogVersion: 'test',
          refmapVersion: 'test',
          score: 2 / 3,
          sourceErrors: [],
          results: {
            create: [
              { controlId: 'S5.NON-ROOT', sectionId: '5', status: 'fail', summary: 'x' },
              { controlId: 'S5.NO-PRIV-ESC', sectionId: '5', status: 'pass', summary: 'x' },
              { controlId: 'S2.X', sectionId: '2', status: 'pass', summary: 'x' },
            ],
          },
        },
      },
    },
  });
  await database.close();
}, 60_000);

describe('npm run gate', () => {
  it('exits 0 at or above the threshold, with one PASS line', async () => {
    const result = await gate('--min-score', '60');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^gate: PASS cluster demo: score 66\.7% >= 60\.0%/);
  });

  it('exits 1 below the threshold, naming the score, the threshold and the snapshot', async () => {
    const result = await gate('--min-score', '0.8', '--section', '5');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^gate: FAIL cluster demo section 5: score 50\.0% < 80\.0% \(snapshot \S+ of 2026-12-01T10:00:00\.000Z\)/);
  });

  it('exits 2 when it cannot decide: no such section, no snapshot of the cluster, no threshold', async () => {
    expect((await gate('--min-score', '50', '--section', '9')).code).toBe(2);
    const noSnapshot = await gate('--min-score', '50', '--cluster', 'prod');
    expect(noSnapshot.code).toBe(2);
    expect(noSnapshot.stderr).toContain('cluster prod has no snapshot');
    const noThreshold = await gate();
    expect(noThreshold.code).toBe(2);
    expect(noThreshold.stderr).toContain('--min-score');
  });
});

// each case runs the command once or more: on a loaded machine that takes longer than the default
describe('npm run gate -- --threshold FILE (a MITRE SAF threshold file)', { timeout: 180_000 }, () => {
  const file = (name: string, yaml: string) => {
    const target = path.join(dataDir, name);
    writeFileSync(target, yaml);
    return target;
  };

  it('exits 0 when the snapshot meets it, with SAF’s answer and the compliance SAF computes', async () => {
    // S5.NO-PRIV-ESC is critical and passes; S2.X is unmapped (medium) and passes; S5.NON-ROOT is high and fails
    const result = await gate('--threshold', file('ok.yml', 'compliance:\n  min: 60\nfailed:\n  critical:\n    max: 0\npassed:\n  critical:\n    controls: [S5.NO-PRIV-ESC]\n'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^gate: PASS cluster demo: All validation tests passed \(compliance 67%, snapshot \S+ of 2026-12-01T10:00:00\.000Z\)\n$/);
  });

  it('exits 1 naming the first threshold not met, flattened files included', async () => {
    const result = await gate('--threshold', file('flat.yml', 'compliance.min: 60\nfailed.high.max: 0\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL cluster demo: failed.high.max: Threshold not met. Number of received total failed controls (1) is greater than your set threshold for the number of failed controls (0)');
  });

  it('exits 2 for a file it cannot read or does not understand, or with --min-score too', async () => {
    expect((await gate('--threshold', path.join(dataDir, 'missing.yml'))).code).toBe(2);
    const bad = await gate('--threshold', file('bad.yml', 'failed:\n  severe:\n    max: 0\n'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('failed');
    expect((await gate('--threshold', file('ok2.yml', 'compliance: { min: 1 }\n'), '--min-score', '50')).code).toBe(2);
  });
});

describe('decideGate and parseMinScore', () => {
  const scores: LatestScores = {
    cluster: 'c',
    snapshot: { id: 's', takenAt: new Date(0) },
    score: null,
    sections: [{ id: '3', score: null }],
    controls: [],
  };

  it('never passes a score that cannot be computed', () => {
    expect(decideGate(scores, { minScore: 0 }).outcome).toBe('undecided');
    expect(decideGate(scores, { minScore: 0, section: '3' }).outcome).toBe('undecided');
  });

  it.each([
    ['0.8', 0.8],
    ['80', 0.8],
    ['80%', 0.8],
    ['1', 1],
    ['0', 0],
    ['100', 1],
    ['101', undefined],
    ['-1', undefined],
    ['high', undefined],
  ])('--min-score %s → %s', (text, expected) => expect(parseMinScore(text)).toBe(expected));
});
