CREATE TABLE "coverage_span" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coverage_span_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kabkota_code" text NOT NULL,
	"data_version" bigint NOT NULL,
	"period_from" text NOT NULL,
	"months" smallint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_span_once" UNIQUE("kabkota_code","data_version","period_from","months")
);
--> statement-breakpoint
CREATE TABLE "coverage_span_household" (
	"kabkota_code" text NOT NULL,
	"span_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"program_mask" bigint NOT NULL,
	"deceased" integer NOT NULL,
	"nonaktif" integer NOT NULL,
	"invalid_nik" integer NOT NULL,
	"paid_twice" integer NOT NULL,
	"error_receipts" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_span_rt" (
	"kabkota_code" text NOT NULL,
	"span_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"receipts" integer NOT NULL,
	"deceased" integer NOT NULL,
	"nonaktif" integer NOT NULL,
	"not_in_register" integer NOT NULL,
	"invalid_nik" integer NOT NULL,
	"paid_twice" integer NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"receipts_without_amount" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "coverage_span_household_span_idx" ON "coverage_span_household" USING btree ("span_id");--> statement-breakpoint
CREATE INDEX "coverage_span_rt_span_idx" ON "coverage_span_rt" USING btree ("span_id");