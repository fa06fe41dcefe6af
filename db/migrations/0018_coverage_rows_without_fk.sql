ALTER TABLE "coverage_base_household" DROP CONSTRAINT "coverage_base_household_base_id_coverage_base_id_fk";
--> statement-breakpoint
ALTER TABLE "coverage_combination" DROP CONSTRAINT "coverage_combination_window_id_coverage_window_id_fk";
--> statement-breakpoint
ALTER TABLE "coverage_household" DROP CONSTRAINT "coverage_household_window_id_coverage_window_id_fk";
--> statement-breakpoint
ALTER TABLE "coverage_month_household" DROP CONSTRAINT "coverage_month_household_month_id_coverage_month_id_fk";
--> statement-breakpoint
ALTER TABLE "coverage_month_rt" DROP CONSTRAINT "coverage_month_rt_month_id_coverage_month_id_fk";
--> statement-breakpoint
ALTER TABLE "coverage_rollup" DROP CONSTRAINT "coverage_rollup_window_id_coverage_window_id_fk";
