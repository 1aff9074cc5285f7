// npm run gate -- --min-score N [--section S] [--cluster NAME]
// npm run gate -- --threshold FILE [--cluster NAME]
// A CI/CD gate on the newest snapshot: exit 0 when its score (overall, or of section S) reaches N,
// or when it meets a MITRE SAF threshold file (answering as `saf validate threshold` does on the
// snapshot's HDF export), 1 when it does not, 2 when it cannot tell (bad arguments or file, no
// snapshot or section, nothing scored, database unreachable). One line of explanation either way.
// N is a fraction (0.8) or a percentage (80, 80%).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nistMappingOf } from '@/lib/catalog/nist';
import { ConfigError, getConfig } from '@/lib/config';
import { decideGate, parseMinScore, readLatestScores, type GateVerdict, type LatestScores } from '@/lib/data/gate';
import { openDatabase } from '@/lib/db';
import { evaluateSafThreshold, parseSafThreshold, type SafThreshold } from '@/lib/reports/saf-threshold';

const USAGE = 'usage: npm run gate -- --min-score N [--section S] [--cluster NAME] | --threshold FILE [--cluster NAME]';

function readThreshold(file: string): SafThreshold | string {
  try {
    return parseSafThreshold(readFileSync(file, 'utf8'));
  } catch (error) {
    return `--threshold ${file}: ${(error as Error).message}`;
  }
}

function decideThreshold(scores: LatestScores, threshold: SafThreshold): GateVerdict {
  const controls = scores.controls.map((control) => ({ id: control.id, status: control.status, severity: nistMappingOf(control.id).severity }));
  const verdict = evaluateSafThreshold(controls, threshold);
  const context = `compliance ${verdict.compliance}%, snapshot ${scores.snapshot.id} of ${scores.snapshot.takenAt.toISOString()}`;
  return { outcome: verdict.isMet ? 'pass' : 'fail', message: `${verdict.isMet ? 'PASS' : 'FAIL'} cluster ${scores.cluster}: ${verdict.message} (${context})` };
}

async function main(): Promise<number> {
  let values: { 'min-score'?: string; threshold?: string; section?: string; cluster?: string };
  try {
    ({ values } = parseArgs({ options: { 'min-score': { type: 'string' }, threshold: { type: 'string' }, section: { type: 'string' }, cluster: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`gate: ${(error as Error).message}; ${USAGE}`);
    return 2;
  }
  if ((values.threshold === undefined) === (values['min-score'] === undefined) || (values.threshold !== undefined && values.section !== undefined)) {
    console.error(`gate: give either --min-score or --threshold (a threshold file covers every section); ${USAGE}`);
    return 2;
  }
  const threshold = values.threshold === undefined ? undefined : readThreshold(values.threshold);
  if (typeof threshold === 'string') {
    console.error(`gate: ${threshold}`);
    return 2;
  }
  const minScore = values['min-score'] === undefined ? undefined : parseMinScore(values['min-score']);
  if (threshold === undefined && minScore === undefined) {
    console.error(`gate: --min-score must be a fraction (0.8) or a percentage (80); ${USAGE}`);
    return 2;
  }
  const config = getConfig();
  const clusterName = values.cluster ?? config.clusterName;
  const database = await openDatabase(config);
  try {
    const [scores] = await readLatestScores(database, clusterName);
    if (scores === undefined) {
      console.error(`gate: cluster ${clusterName} has no snapshot yet (run npm run collect -- --once)`);
      return 2;
    }
    const verdict = threshold !== undefined ? decideThreshold(scores, threshold) : decideGate(scores, { minScore: minScore!, section: values.section });
    console.log(`gate: ${verdict.message}`);
    return { pass: 0, fail: 1, undecided: 2 }[verdict.outcome];
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `gate: ${error.message}` : `gate: cannot decide: ${(error as Error).message}`);
    process.exit(2);
  },
);
