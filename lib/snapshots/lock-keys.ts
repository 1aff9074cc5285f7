import { createHash } from 'node:crypto';

/**
 * Keys of the Postgres advisory locks that coordinate collectors, even across app replicas:
 * - `collect`: held (session lock, try-only) while one cluster is collected, so no two run at once;
 * - `chain`: taken inside the write transaction, so each snapshot links to the true previous one;
 * - `evidence-bodies`: shared by writers, exclusive while retention deletes unreferenced bodies.
 * A key is the first 8 bytes of sha256("refmap:<purpose>:<cluster name>") as a signed 64-bit integer
 * (Postgres's bigint), so distinct clusters practically never share a lock.
 *
 * @example advisoryLockKey('collect', 'prod') // a bigint such as -4417530468311390375n
 */
export function advisoryLockKey(purpose: 'collect' | 'chain' | 'evidence-bodies', clusterName = ''): bigint {
  return createHash('sha256').update(`refmap:${purpose}:${clusterName}`, 'utf8').digest().readBigInt64BE(0);
}
