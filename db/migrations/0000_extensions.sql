-- PostGIS for geometry, pg_trgm for typo-tolerant name search. On a server where the
-- migrating role may not create extensions, a superuser runs these two lines first.
CREATE EXTENSION IF NOT EXISTS postgis;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
