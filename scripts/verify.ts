// npm run verify -- [--cluster NAME] [--snapshot ID] [--public-key FILE] · npm run verify -- --bundle FILE [--public-key FILE]
// Recomputes every stored hash — evidence bodies, evidence, results, section counts, manifests — and
// each cluster's chain of snapshots (across retention's tombstones), and checks signatures. Exits 1
// naming the first broken link (cluster, snapshot id, what differs) when anything was changed or a
// snapshot deleted other than by retention; 2 on a usage error. With --public-key (SPKI PEM), every
// sealed snapshot must be signed by that key; without it, signatures are checked against the keys
// recorded beside them, which proves integrity but not who signed.
// With --bundle, checks an evidence bundle (bundle.zip) instead, without any database: every file
// against MANIFEST.json, each evidence body against its name, each snapshot's hashes and manifest,
// the chain links and signatures; exits 1 naming the first changed file, and 3 when the bundle is
// intact but no trusted key vouches for it (no --public-key: it is signed only by a key inside it, which
// a forger can replace, or not signed at all). With --public-key, every signature must be by that key.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';
import { bundleExitCode, formatBundleVerification, verifyBundle } from '@/lib/reports/verify-bundle';
import { verifyHistory, VerifyTargetNotFoundError, type VerifyReport } from '@/lib/snapshots/verify';

function formatReport(report: VerifyReport): string {
  const lines = report.clusters.map((cluster) => {
    const head = cluster.head ? `head #${cluster.head.sequence} ${cluster.head.manifestHash}` : 'no sealed snapshot';
    const extras = [
      `${cluster.snapshots} snapshots`,
      `${cluster.tombstones} thinned by retention`,
      `${cluster.signed} signed`,
      ...(cluster.unsealed > 0 ? [`${cluster.unsealed} from before sealing (not checked)`] : []),
    ];
    return `cluster ${cluster.cluster}: ${extras.join(' · ')} · ${head}`;
  });
  if (report.clusters.length === 0) lines.push('no cluster in the database yet');
  const [first, ...rest] = report.problems;
  if (first) {
    lines.push('', `BROKEN: cluster ${first.cluster}, snapshot ${first.snapshotId}: ${first.what}`);
    for (const problem of rest.slice(0, 20)) lines.push(`  also: cluster ${problem.cluster}, snapshot ${problem.snapshotId}: ${problem.what}`);
    if (rest.length > 20) lines.push(`  … and ${rest.length - 20} more`);
  } else {
    lines.push('', 'OK: every hash, link and signature verifies');
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { cluster: { type: 'string' }, snapshot: { type: 'string' }, 'public-key': { type: 'string' }, bundle: { type: 'string' } },
    strict: true,
  });
  const trustedPublicKeyPem = values['public-key'] === undefined ? undefined : readFileSync(values['public-key'], 'utf8');
  if (values.bundle !== undefined) {
    if (values.cluster !== undefined || values.snapshot !== undefined) {
      console.error('verify: --bundle checks a file; it takes no --cluster or --snapshot');
      return 2;
    }
    if (!existsSync(values.bundle)) {
      console.error(`verify: no file ${values.bundle}`);
      return 2;
    }
    const report = verifyBundle(readFileSync(values.bundle), { trustedPublicKeyPem });
    console.log(formatBundleVerification(values.bundle, report));
    return bundleExitCode(report);
  }
  const config = getConfig();
  const database = await openDatabase(config);
  try {
    const report = await verifyHistory(database, { clusterName: values.cluster, snapshotId: values.snapshot, trustedPublicKeyPem, retention: config.retention });
    console.log(formatReport(report));
    return report.isIntact ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof VerifyTargetNotFoundError || (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`verify: ${(error as Error).message}`);
      process.exit(2);
    }
    console.error(error instanceof ConfigError ? error.message : `verify failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
