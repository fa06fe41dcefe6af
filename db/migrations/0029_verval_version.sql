CREATE TABLE "verval_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "verval_version_one_row" CHECK ("verval_version"."id" = 1)
);
--> statement-breakpoint
-- What the scorecard's open suggestions read beyond the data version: each writing statement to
-- it moves verval_version forward, so the scorecard's cached counts are never read once stale.
INSERT INTO verval_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_verval_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE verval_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  watched text;
BEGIN
  FOREACH watched IN ARRAY ARRAY['proposal', 'suggestion_dismissal', 'linkage_pair', 'civil_registry_event'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_verval_version()',
                   watched || '_bumps_verval_version', watched);
  END LOOP;
END;
$$;
