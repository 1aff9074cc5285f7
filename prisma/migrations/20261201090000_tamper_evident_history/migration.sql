-- Tamper-evident, deduplicated snapshot history:
--   * evidence bodies are content-addressed (evidence_body, keyed by the sha256 of their JSON text)
--     and referenced by the per-snapshot evidence rows, so unchanged evidence is stored once;
--   * each snapshot gets its place in its cluster's hash chain (sequence, manifest hash, previous
--     manifest hash) and an optional Ed25519 signature;
--   * per-section status counts for trends; tombstones for snapshots thinned by retention.
-- Snapshots stored before this migration keep their data but stay unsealed (no manifest hash).

-- AlterTable
ALTER TABLE "snapshot" ADD COLUMN     "manifest_hash" CHAR(64),
ADD COLUMN     "previous_manifest_hash" CHAR(64),
ADD COLUMN     "public_key" TEXT,
ADD COLUMN     "sequence" INTEGER,
ADD COLUMN     "signature" TEXT;

-- AlterTable
ALTER TABLE "control_result" ADD COLUMN     "result_hash" CHAR(64);

-- CreateTable
CREATE TABLE "evidence_body" (
    "sha256" CHAR(64) NOT NULL,
    "json" TEXT NOT NULL,

    CONSTRAINT "evidence_body_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "snapshot_section" (
    "snapshot_id" UUID NOT NULL,
    "section_id" TEXT NOT NULL,
    "pass_count" INTEGER NOT NULL,
    "fail_count" INTEGER NOT NULL,
    "warn_count" INTEGER NOT NULL,
    "unknown_count" INTEGER NOT NULL,
    "manual_count" INTEGER NOT NULL,
    "not_applicable_count" INTEGER NOT NULL,

    CONSTRAINT "snapshot_section_pkey" PRIMARY KEY ("snapshot_id","section_id")
);

-- CreateTable
CREATE TABLE "snapshot_tombstone" (
    "snapshot_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "manifest_hash" CHAR(64) NOT NULL,
    "previous_manifest_hash" CHAR(64),
    "signature" TEXT,
    "public_key" TEXT,
    "thinned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "snapshot_tombstone_pkey" PRIMARY KEY ("snapshot_id")
);

-- MoveData: existing evidence bodies into evidence_body. Their JSON text is Postgres's jsonb text
-- form, not canonical JSON, so they are not shared with new bodies; each is still keyed by the
-- sha256 of its exact text, which `npm run verify` checks.
ALTER TABLE "evidence" ADD COLUMN     "body_sha256" CHAR(64);

UPDATE "evidence" SET "body_sha256" = encode(sha256(convert_to(jsonb_build_object(
    'checkId', "check_id", 'source', "source", 'query', "query", 'status', "status", 'summary', "summary", 'excerpt', "excerpt"
)::text, 'UTF8')), 'hex');

INSERT INTO "evidence_body" ("sha256", "json")
SELECT DISTINCT encode(sha256(convert_to(legacy.json, 'UTF8')), 'hex'), legacy.json
FROM (
    SELECT jsonb_build_object(
        'checkId', "check_id", 'source', "source", 'query', "query", 'status', "status", 'summary', "summary", 'excerpt', "excerpt"
    )::text AS json
    FROM "evidence"
) AS legacy
ON CONFLICT DO NOTHING;

-- AlterTable
ALTER TABLE "evidence" ALTER COLUMN "body_sha256" SET NOT NULL,
DROP COLUMN "excerpt",
DROP COLUMN "query",
DROP COLUMN "source",
DROP COLUMN "status",
DROP COLUMN "summary";

-- MoveData: section counts of the existing snapshots, so that trends cover them too.
INSERT INTO "snapshot_section" ("snapshot_id", "section_id", "pass_count", "fail_count", "warn_count", "unknown_count", "manual_count", "not_applicable_count")
SELECT "snapshot_id", "section_id",
    count(*) FILTER (WHERE "status" = 'pass')::int,
    count(*) FILTER (WHERE "status" = 'fail')::int,
    count(*) FILTER (WHERE "status" = 'warn')::int,
    count(*) FILTER (WHERE "status" = 'unknown')::int,
    count(*) FILTER (WHERE "status" = 'manual')::int,
    count(*) FILTER (WHERE "status" = 'not-applicable')::int
FROM "control_result"
GROUP BY "snapshot_id", "section_id";

-- CreateIndex
CREATE UNIQUE INDEX "snapshot_cluster_id_sequence_key" ON "snapshot"("cluster_id", "sequence");

-- CreateIndex
CREATE INDEX "evidence_body_sha256_idx" ON "evidence"("body_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "snapshot_tombstone_cluster_id_sequence_key" ON "snapshot_tombstone"("cluster_id", "sequence");

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_body_sha256_fkey" FOREIGN KEY ("body_sha256") REFERENCES "evidence_body"("sha256") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "snapshot_section" ADD CONSTRAINT "snapshot_section_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "snapshot_tombstone" ADD CONSTRAINT "snapshot_tombstone_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
