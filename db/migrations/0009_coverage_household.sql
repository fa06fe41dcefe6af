CREATE TABLE "coverage_household" (
	"kabkota_code" text NOT NULL,
	"window_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"kelas" text NOT NULL,
	"programs" smallint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_household" ADD CONSTRAINT "coverage_household_window_id_coverage_window_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."coverage_window"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_household_window_idx" ON "coverage_household" USING btree ("window_id","household_id");--> statement-breakpoint
-- Windows cached before this table existed have no household classes: compute them again.
DELETE FROM coverage_window;
