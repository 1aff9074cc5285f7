-- Attestations (manual controls) and waivers (accepted risks): records people make about a control
-- of a cluster, shown beside the automated status. Rows are inserted and, on revocation, updated
-- once with who revoked them and why; they are never deleted.

-- CreateTable
CREATE TABLE "attestation" (
    "id" UUID NOT NULL,
    "cluster_name" TEXT NOT NULL,
    "control_id" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "evidence_url" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "revoked_by_name" TEXT,
    "revocation_reason" TEXT,

    CONSTRAINT "attestation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "waiver" (
    "id" UUID NOT NULL,
    "cluster_name" TEXT NOT NULL,
    "control_id" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "revoked_by_name" TEXT,
    "revocation_reason" TEXT,

    CONSTRAINT "waiver_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "attestation_cluster_name_control_id_created_at_idx" ON "attestation"("cluster_name", "control_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "waiver_cluster_name_control_id_created_at_idx" ON "waiver"("cluster_name", "control_id", "created_at" DESC);
