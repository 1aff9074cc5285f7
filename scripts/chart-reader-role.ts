import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { READER_RULES_FILE, readerRulesFileText } from '@/lib/sources/kubernetes/reads';

// Writes the reader ClusterRole's rules into the Helm chart from the declared reads.
// Usage: npm run chart:reader-role
const target = path.resolve(import.meta.dirname, '..', READER_RULES_FILE);
writeFileSync(target, readerRulesFileText());
console.log(`wrote ${READER_RULES_FILE}`);
