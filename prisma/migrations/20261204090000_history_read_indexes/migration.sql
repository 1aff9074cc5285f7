-- Indexes for reading a long history (BENCHMARKS.md, part 2). A cluster's rows are interleaved with
-- every other cluster's, so reading them through the table touches nearly every page; with these
-- indexes a year of one cluster's snapshots is read from the indexes alone:
--   * snapshot (cluster_id, taken_at DESC, id DESC) replaces (cluster_id, taken_at DESC): the same lookups
--     (latest, as of a time, previous), and a time range's snapshot ids without visiting the table;
--   * control_result (snapshot_id, status, control_id): which controls passed and which failed in
--     each snapshot, for time to remediate;
--   * snapshot_section (snapshot_id, section_id, pass/fail/warn/unknown counts): the counts trends add up.
-- Plain CREATE INDEX, as every migration runs in a transaction: writes wait while the indexes are
-- built (about half a minute for 3 million results on a small machine).

-- DropIndex
DROP INDEX "snapshot_cluster_id_taken_at_idx";

-- CreateIndex
CREATE INDEX "snapshot_cluster_id_taken_at_id_idx" ON "snapshot"("cluster_id", "taken_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "control_result_snapshot_id_status_control_id_idx" ON "control_result"("snapshot_id", "status", "control_id");

-- CreateIndex
CREATE INDEX "snapshot_section_counts_idx" ON "snapshot_section"("snapshot_id", "section_id", "pass_count", "fail_count", "warn_count", "unknown_count");
