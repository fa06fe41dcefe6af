CREATE TABLE "coverage_change" (
	"kabkota_code" text NOT NULL,
	"data_version" bigint NOT NULL,
	"scope" text NOT NULL,
	"period" text,
	"household_id" bigint,
	"kelurahan_code" text,
	CONSTRAINT "coverage_change_scope" CHECK ("coverage_change"."scope" IN ('all', 'period', 'household', 'kelurahan', 'received'))
);
--> statement-breakpoint
CREATE INDEX "coverage_change_version_idx" ON "coverage_change" USING btree ("kabkota_code","data_version");--> statement-breakpoint
CREATE INDEX "aid_receipt_unmatched_kelurahan_idx" ON "aid_receipt" USING btree ("kabkota_code","kelurahan_code") WHERE "aid_receipt"."matched_household_id" IS NULL;--> statement-breakpoint
-- What every writing statement changed, beside the data version it moves (0007): a global write
-- (programs, rules, areas, settings, any TRUNCATE) changes everything of every kabupaten/kota.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1 RETURNING version INTO moved;
  INSERT INTO coverage_change (kabkota_code, data_version, scope) SELECT code, moved, 'all' FROM area WHERE level = 'kabkota';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A write to the register or the receipts names what it touched, from its transition tables: the
-- households of the register written; the months of receipts added, removed or moved and the
-- households they name; for receipts changed in place, the households they were and are matched
-- to, or the kelurahan of those matched to none. A receipt column analytics never reads (its
-- linkage key, score, fingerprint or source) changes nothing.
CREATE OR REPLACE FUNCTION record_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1 RETURNING version INTO moved;
  IF TG_TABLE_NAME = 'household' AND TG_OP = 'DELETE' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', id FROM old_rows;
  ELSIF TG_TABLE_NAME = 'household' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', id FROM new_rows;
  ELSIF TG_TABLE_NAME = 'person' AND TG_OP = 'INSERT' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', household_id FROM new_rows;
  ELSIF TG_TABLE_NAME = 'person' AND TG_OP = 'DELETE' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', household_id FROM old_rows;
  ELSIF TG_TABLE_NAME = 'person' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT kabkota_code, moved, 'household', household_id FROM old_rows
    UNION SELECT kabkota_code, moved, 'household', household_id FROM new_rows;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, period)
    SELECT DISTINCT kabkota_code, moved, 'period', period FROM new_rows;
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'received', matched_household_id FROM new_rows WHERE matched_household_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, period)
    SELECT DISTINCT kabkota_code, moved, 'period', period FROM old_rows;
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'received', matched_household_id FROM old_rows WHERE matched_household_id IS NOT NULL;
  ELSE
    INSERT INTO coverage_change (kabkota_code, data_version, scope, period, household_id, kelurahan_code)
    WITH changed AS (
      SELECT o.kabkota_code, o.period AS old_period, n.period AS new_period,
             (o.period, o.program_code) IS DISTINCT FROM (n.period, n.program_code) AS moved_month,
             o.matched_household_id AS old_household, n.matched_household_id AS new_household,
             o.kelurahan_code AS old_kelurahan, n.kelurahan_code AS new_kelurahan
      FROM old_rows o JOIN new_rows n ON n.kabkota_code = o.kabkota_code AND n.id = o.id
      WHERE (o.period, o.program_code, o.amount, o.matched_household_id, o.matched_person_id, o.match_method,
             o.kelurahan_code, o.nik, o.nik_check, o.name)
            IS DISTINCT FROM (n.period, n.program_code, n.amount, n.matched_household_id, n.matched_person_id, n.match_method,
                              n.kelurahan_code, n.nik, n.nik_check, n.name)
    )
    SELECT kabkota_code, moved, 'period', old_period, NULL::bigint, NULL FROM changed WHERE moved_month
    UNION SELECT kabkota_code, moved, 'period', new_period, NULL, NULL FROM changed WHERE moved_month
    UNION SELECT kabkota_code, moved, 'household', NULL, old_household, NULL FROM changed WHERE old_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'household', NULL, new_household, NULL FROM changed WHERE new_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', NULL, NULL, old_kelurahan FROM changed WHERE old_household IS NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', NULL, NULL, new_kelurahan FROM changed WHERE new_household IS NULL;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['household', 'person', 'aid_receipt'] LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', watched || '_bumps_data_version', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()',
                   watched || '_bumps_data_version', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()',
                   watched || '_records_insert', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()',
                   watched || '_records_update', watched);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()',
                   watched || '_records_delete', watched);
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Nothing before this migration was recorded: no cached base older than now is carried forward.
INSERT INTO coverage_change (kabkota_code, data_version, scope)
SELECT code, (SELECT version FROM data_version WHERE id = 1), 'all' FROM area WHERE level = 'kabkota';
