CREATE TABLE "coverage_month" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coverage_month_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kabkota_code" text NOT NULL,
	"data_version" bigint NOT NULL,
	"period" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_month_once" UNIQUE("kabkota_code","data_version","period")
);
--> statement-breakpoint
CREATE TABLE "coverage_month_household" (
	"kabkota_code" text NOT NULL,
	"month_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"program_mask" bigint NOT NULL,
	"deceased" integer NOT NULL,
	"nonaktif" integer NOT NULL,
	"invalid_nik" integer NOT NULL,
	"paid_twice" integer NOT NULL,
	"error_receipts" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_month_rt" (
	"kabkota_code" text NOT NULL,
	"month_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"receipts" integer NOT NULL,
	"deceased" integer NOT NULL,
	"nonaktif" integer NOT NULL,
	"not_in_register" integer NOT NULL,
	"invalid_nik" integer NOT NULL,
	"paid_twice" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_month_household" ADD CONSTRAINT "coverage_month_household_month_id_coverage_month_id_fk" FOREIGN KEY ("month_id") REFERENCES "public"."coverage_month"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_month_rt" ADD CONSTRAINT "coverage_month_rt_month_id_coverage_month_id_fk" FOREIGN KEY ("month_id") REFERENCES "public"."coverage_month"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_month_household_month_idx" ON "coverage_month_household" USING btree ("month_id");--> statement-breakpoint
CREATE INDEX "coverage_month_rt_month_idx" ON "coverage_month_rt" USING btree ("month_id");