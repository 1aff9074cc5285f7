// npm run demo runs this before the app starts: ~90 days of history for the built-in demo clusters,
// taken by the real collection code against the simulators at past times (demo/history.ts). A
// database that already has a snapshot is left alone; `npm run demo -- --empty` skips this step.
//
//   npx tsx --conditions=react-server scripts/demo-history.ts
import { generateDemoHistory } from '@/demo/history';
import { getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';

const config = getConfig();
if (!config.isDemo) {
  console.log('demo-history: sources are configured, so there is no demo history to write');
  process.exit(0);
}
const database = await openDatabase(config);
try {
  const startedAt = Date.now();
  let lastPrinted = -1;
  const outcome = await generateDemoHistory(database, config, {
    onProgress: ({ done, total, at }) => {
      const percent = Math.floor((done / total) * 100);
      // one line per 10 %, so that a log file stays readable; a terminal sees the line advance
      if (percent >= lastPrinted + 10 || done === total) {
        lastPrinted = percent;
        console.log(`demo-history: ${percent}% (${done}/${total} times, up to ${at.toISOString()}) after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      }
    },
  });
  if (outcome.status === 'skipped') console.log('demo-history: the database already has snapshots; history left as it is');
  else {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(`demo-history: ${outcome.snapshots} snapshots of ${config.clusters.map((cluster) => cluster.name).join(', ')} and ${outcome.signOffs} sign-offs up to ${outcome.anchor.toISOString()} in ${seconds} s`);
  }
} finally {
  await database.close();
}
