// npm run gate -- --min-score N [--section S] [--cluster NAME]
// A CI/CD gate on the newest snapshot: exit 0 when its score (overall, or of section S) reaches N,
// 1 below it, 2 when it cannot tell (bad arguments, no snapshot or section, nothing scored, database
// unreachable). One line of
// explanation either way. N is a fraction (0.8) or a percentage (80, 80%).
import { parseArgs } from 'node:util';
import { ConfigError, getConfig } from '@/lib/config';
import { decideGate, parseMinScore, readLatestScores } from '@/lib/data/gate';
import { openDatabase } from '@/lib/db';

const USAGE = 'usage: npm run gate -- --min-score N [--section S] [--cluster NAME]';

async function main(): Promise<number> {
  let values: { 'min-score'?: string; section?: string; cluster?: string };
  try {
    ({ values } = parseArgs({ options: { 'min-score': { type: 'string' }, section: { type: 'string' }, cluster: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`gate: ${(error as Error).message}; ${USAGE}`);
    return 2;
  }
  const minScore = values['min-score'] === undefined ? undefined : parseMinScore(values['min-score']);
  if (minScore === undefined) {
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
    const verdict = decideGate(scores, { minScore, section: values.section });
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
