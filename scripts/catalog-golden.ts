// Writes lib/catalog/golden/demo-evidence.json: what the built-in catalog concludes about the three
// demo scenarios (statuses, queries, evidence content hashes). Run it when a verdict changes on
// purpose, and say why in the commit; lib/catalog/golden.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { catalogGolden } from '@/lib/testing/catalog-golden';

const target = 'lib/catalog/golden/demo-evidence.json';
writeFileSync(target, `${JSON.stringify(await catalogGolden(), null, 1)}\n`);
console.log(`wrote ${target}`);
process.exit(0);
