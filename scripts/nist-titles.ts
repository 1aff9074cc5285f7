/**
 * Writes lib/catalog/nist/sp800-53-rev5-high.json — the ids and titles of NIST SP 800-53 rev5 as
 * NIST's OSCAL high-baseline catalog gives them — so that Refmap can show titles without shipping
 * the 2 MB catalog. Run again when NIST publishes a new release of the catalog:
 *
 *   npx tsx scripts/nist-titles.ts [CATALOG_JSON]   (default: ../shared/design/oscal/…catalog-min.json)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findNistCatalogFile, readNistCatalog } from '../lib/catalog/nist/nist-catalog-source';

const TARGET = path.resolve(import.meta.dirname, '../lib/catalog/nist/sp800-53-rev5-high.json');

const source = process.argv[2] ?? findNistCatalogFile(path.resolve(import.meta.dirname, '..'));
if (source === undefined) {
  console.error('usage: npx tsx scripts/nist-titles.ts CATALOG_JSON (NIST’s OSCAL SP 800-53 rev5 catalog; none found beside the checkout)');
  process.exit(2);
}
const summary = readNistCatalog(source);
writeFileSync(TARGET, `${JSON.stringify(summary, null, 1)}\n`);
console.log(`wrote ${summary.controls.length} controls to ${path.relative(process.cwd(), TARGET)}`);
