-- A window's amounts per kelurahan × RT become each amount once with its count of households:
-- the windows cached with an amount per household are counted again when next asked for.
DELETE FROM coverage_rollup;--> statement-breakpoint
DELETE FROM coverage_combination;--> statement-breakpoint
DELETE FROM coverage_household;--> statement-breakpoint
DELETE FROM coverage_window_amount;--> statement-breakpoint
DELETE FROM coverage_window;--> statement-breakpoint
-- With a default while it is added: a row an older process writes meanwhile does not fail it.
ALTER TABLE "coverage_window_amount" ADD COLUMN "households" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_window_amount" ALTER COLUMN "households" DROP DEFAULT;
