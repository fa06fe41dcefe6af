CREATE TABLE "coverage_rollup" (
	"kabkota_code" text NOT NULL,
	"window_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"households" integer NOT NULL,
	"persons" integer NOT NULL,
	"poor_persons" integer NOT NULL,
	"eligible_households" integer NOT NULL,
	"receiving_households" integer NOT NULL,
	"stacked_households" integer NOT NULL,
	"conflicting_households" integer NOT NULL,
	"uncovered_eligible_households" integer NOT NULL,
	"never_covered_eligible_households" integer NOT NULL,
	"receipts" integer NOT NULL,
	"deceased" integer NOT NULL,
	"nonaktif" integer NOT NULL,
	"not_in_register" integer NOT NULL,
	"invalid_nik" integer NOT NULL,
	"paid_twice" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_window" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coverage_window_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kabkota_code" text NOT NULL,
	"data_version" bigint NOT NULL,
	"window_from" text NOT NULL,
	"window_to" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_window_once" UNIQUE("kabkota_code","data_version","window_from","window_to")
);
--> statement-breakpoint
CREATE TABLE "data_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_version_one_row" CHECK ("data_version"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "coverage_rollup" ADD CONSTRAINT "coverage_rollup_window_id_coverage_window_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."coverage_window"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_rollup_window_idx" ON "coverage_rollup" USING btree ("window_id");