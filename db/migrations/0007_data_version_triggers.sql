-- Every write to what the coverage counts read moves data_version forward, so cached counts
-- (coverage_window) are never read once stale, whichever code path wrote. Statement-level: a
-- bulk load moves it once per statement, not per row.
INSERT INTO data_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['household', 'person', 'aid_receipt', 'area', 'program', 'program_exclusion', 'app_setting'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()',
                   watched || '_bumps_data_version', watched);
  END LOOP;
END;
$$;
