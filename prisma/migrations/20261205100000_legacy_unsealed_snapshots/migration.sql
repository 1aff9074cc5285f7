-- The snapshots stored before sealing existed, recorded once, here, so that `npm run verify` can tell
-- them from a snapshot whose seal was removed later: every other unsealed snapshot is tampering.
-- The list is frozen: a trigger refuses any later INSERT, UPDATE, DELETE or TRUNCATE of it.

CREATE TABLE "legacy_unsealed_snapshot" (
    "snapshot_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "legacy_unsealed_snapshot_pkey" PRIMARY KEY ("snapshot_id")
);

INSERT INTO "legacy_unsealed_snapshot" ("snapshot_id")
SELECT "id" FROM "snapshot" WHERE "sequence" IS NULL;

-- Shared by every table whose rows may never change once written.
CREATE FUNCTION "refmap_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'refmap: % on % is refused: its rows may not change', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "legacy_unsealed_snapshot_frozen"
    BEFORE INSERT OR UPDATE OR DELETE ON "legacy_unsealed_snapshot"
    FOR EACH ROW EXECUTE FUNCTION "refmap_refuse_change"();

CREATE TRIGGER "legacy_unsealed_snapshot_no_truncate"
    BEFORE TRUNCATE ON "legacy_unsealed_snapshot"
    FOR EACH STATEMENT EXECUTE FUNCTION "refmap_refuse_change"();
