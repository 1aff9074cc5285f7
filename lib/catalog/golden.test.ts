import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogGolden } from '@/lib/testing/catalog-golden';

// The verdicts and evidence the built-in catalog gives the three demo scenarios. A change that
// alters one must be deliberate: regenerate with `npm run catalog:golden`.
describe('the built-in catalog on the demo scenarios', () => {
  it('gives the committed statuses, queries and evidence content hashes', async () => {
    const committed = JSON.parse(readFileSync('lib/catalog/golden/demo-evidence.json', 'utf8')) as unknown;
    expect(await catalogGolden()).toEqual(committed);
  }, 60_000);
});
