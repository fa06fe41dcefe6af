CREATE TABLE "coverage_combination" (
	"kabkota_code" text NOT NULL,
	"window_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"programs" text[] NOT NULL,
	"conflicting" boolean NOT NULL,
	"households" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_combination" ADD CONSTRAINT "coverage_combination_window_id_coverage_window_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."coverage_window"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_combination_window_idx" ON "coverage_combination" USING btree ("window_id");