CREATE TABLE "coverage_base_rt" (
	"kabkota_code" text NOT NULL,
	"base_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"households" integer NOT NULL,
	"persons" integer NOT NULL,
	"poor_persons" integer NOT NULL,
	"eligible_households" integer NOT NULL,
	"never_covered_eligible_households" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coverage_base_rt_base_idx" ON "coverage_base_rt" USING btree ("base_id");--> statement-breakpoint
-- The bases already stored, summed as lib/analytics/coverage-cache.ts (`baseByRt`) sums a new one.
INSERT INTO "coverage_base_rt" (kabkota_code, base_id, kelurahan_code, rt_code, households, persons, poor_persons,
                                eligible_households, never_covered_eligible_households)
SELECT kabkota_code, base_id, effective_kelurahan_code, effective_rt_code, count(*)::int, coalesce(sum(persons), 0)::int,
       coalesce(sum(poor_persons), 0)::int, count(*) FILTER (WHERE eligible)::int,
       count(*) FILTER (WHERE eligible AND NOT received_ever)::int
FROM coverage_base_household
GROUP BY kabkota_code, base_id, effective_kelurahan_code, effective_rt_code;
