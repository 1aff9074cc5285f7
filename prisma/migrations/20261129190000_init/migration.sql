-- CreateTable
CREATE TABLE "cluster" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snapshot" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "catalog_version" TEXT NOT NULL,
    "refmap_version" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "source_errors" JSONB NOT NULL,

    CONSTRAINT "snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "control_result" (
    "id" UUID NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "control_id" TEXT NOT NULL,
    "section_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "control_result_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evidence" (
    "id" UUID NOT NULL,
    "control_result_id" UUID NOT NULL,
    "check_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "excerpt" JSONB NOT NULL,
    "sha256" CHAR(64) NOT NULL,

    CONSTRAINT "evidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

-- CreateIndex
CREATE INDEX "snapshot_cluster_id_taken_at_idx" ON "snapshot"("cluster_id", "taken_at" DESC);

-- CreateIndex
CREATE INDEX "control_result_control_id_idx" ON "control_result"("control_id");

-- CreateIndex
CREATE UNIQUE INDEX "control_result_snapshot_id_control_id_key" ON "control_result"("snapshot_id", "control_id");

-- CreateIndex
CREATE INDEX "evidence_control_result_id_idx" ON "evidence"("control_result_id");

-- AddForeignKey
ALTER TABLE "snapshot" ADD CONSTRAINT "snapshot_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "control_result" ADD CONSTRAINT "control_result_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_control_result_id_fkey" FOREIGN KEY ("control_result_id") REFERENCES "control_result"("id") ON DELETE CASCADE ON UPDATE CASCADE;
