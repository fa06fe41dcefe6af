ALTER TYPE "public"."nik_check" ADD VALUE 'mangled';--> statement-breakpoint
CREATE TABLE "coverage_window_amount" (
	"kabkota_code" text NOT NULL,
	"window_id" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_month" ADD COLUMN "programs_listed" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_month_household" ADD COLUMN "amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_month_rt" ADD COLUMN "amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_month_rt" ADD COLUMN "receipts_without_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_rollup" ADD COLUMN "aid_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_rollup" ADD COLUMN "receipts_without_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_rollup" ADD COLUMN "households_with_errors" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "coverage_window_amount_window_idx" ON "coverage_window_amount" USING btree ("window_id");
--> statement-breakpoint
-- Every cached month and window is counted again with its rupiah and households with errors.
DELETE FROM coverage_rollup;--> statement-breakpoint
DELETE FROM coverage_combination;--> statement-breakpoint
DELETE FROM coverage_household;--> statement-breakpoint
DELETE FROM coverage_window;--> statement-breakpoint
DELETE FROM coverage_month_household;--> statement-breakpoint
DELETE FROM coverage_month_rt;--> statement-breakpoint
DELETE FROM coverage_month;
