-- A receipt changed in place names its month beside its household or kelurahan: a change inside a
-- month that is counted anew anyway (a new list relinked by record linkage) recounts nothing else.
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
    UNION SELECT kabkota_code, moved, 'household', old_period, old_household, NULL FROM changed WHERE old_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'household', new_period, new_household, NULL FROM changed WHERE new_household IS NOT NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', old_period, NULL, old_kelurahan FROM changed WHERE old_household IS NULL
    UNION SELECT kabkota_code, moved, 'kelurahan', new_period, NULL, new_kelurahan FROM changed WHERE new_household IS NULL;
  END IF;
  RETURN NULL;
END;
$$;
