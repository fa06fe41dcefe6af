ALTER TABLE "coverage_change" DROP CONSTRAINT "coverage_change_scope";--> statement-breakpoint
ALTER TABLE "coverage_change" ADD CONSTRAINT "coverage_change_scope" CHECK ("coverage_change"."scope" IN ('all', 'period', 'household', 'base', 'kelurahan', 'received', 'gained'));--> statement-breakpoint
-- A receipt added names its household as `gained`: it has received, and the carry needs no lookup
-- to know it (a removed one stays `received`: whether the household still ever received is looked
-- up). Otherwise as in 0034.
CREATE OR REPLACE FUNCTION record_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1 RETURNING version INTO moved;
  IF TG_TABLE_NAME = 'household' AND TG_OP = 'DELETE' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', id FROM old_rows;
  ELSIF TG_TABLE_NAME = 'household' AND TG_OP = 'INSERT' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', id FROM new_rows;
  ELSIF TG_TABLE_NAME = 'household' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    WITH changed AS (
      SELECT o.kabkota_code AS old_kabkota, n.kabkota_code AS new_kabkota, n.id,
             (o.kabkota_code, o.status, o.effective_kelurahan_code, o.effective_rt_code)
               IS DISTINCT FROM (n.kabkota_code, n.status, n.effective_kelurahan_code, n.effective_rt_code) AS placed,
             (o.desil, o.verval_status) IS DISTINCT FROM (n.desil, n.verval_status) AS based
      FROM old_rows o JOIN new_rows n ON n.id = o.id
    )
    SELECT old_kabkota, moved, 'household', id FROM changed WHERE placed
    UNION SELECT new_kabkota, moved, 'household', id FROM changed WHERE placed
    UNION SELECT new_kabkota, moved, 'base', id FROM changed WHERE based AND NOT placed;
  ELSIF TG_TABLE_NAME = 'person' AND TG_OP = 'INSERT' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'base', household_id FROM new_rows;
  ELSIF TG_TABLE_NAME = 'person' AND TG_OP = 'DELETE' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'household', household_id FROM old_rows;
  ELSIF TG_TABLE_NAME = 'person' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    WITH changed AS (
      SELECT o.kabkota_code AS old_kabkota, o.household_id AS old_household, n.kabkota_code AS new_kabkota, n.household_id AS new_household
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.kabkota_code, o.household_id, o.death_date) IS DISTINCT FROM (n.kabkota_code, n.household_id, n.death_date)
    )
    SELECT old_kabkota, moved, 'household', old_household FROM changed
    UNION SELECT new_kabkota, moved, 'household', new_household FROM changed;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_change (kabkota_code, data_version, scope, period)
    SELECT DISTINCT kabkota_code, moved, 'period', period FROM new_rows;
    INSERT INTO coverage_change (kabkota_code, data_version, scope, household_id)
    SELECT DISTINCT kabkota_code, moved, 'gained', matched_household_id FROM new_rows WHERE matched_household_id IS NOT NULL;
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
    UNION SELECT kabkota_code, moved, 'household', old_period, old_household, NULL FROM changed WHERE old_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'household', new_period, new_household, NULL FROM changed WHERE new_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', old_period, NULL, old_kelurahan FROM changed WHERE old_household IS NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', new_period, NULL, new_kelurahan FROM changed WHERE new_household IS NULL;
  END IF;
  RETURN NULL;
END;
$$;
