-- A window's amounts become one array per kelurahan × RT: the windows cached with a row per
-- household are counted again when next asked for.
DELETE FROM coverage_rollup;--> statement-breakpoint
DELETE FROM coverage_combination;--> statement-breakpoint
DELETE FROM coverage_household;--> statement-breakpoint
DELETE FROM coverage_window_amount;--> statement-breakpoint
DELETE FROM coverage_window;--> statement-breakpoint
-- With a default while it is added: a row an older process writes meanwhile does not fail it.
ALTER TABLE "coverage_window_amount" ADD COLUMN "amounts" bigint[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_window_amount" ALTER COLUMN "amounts" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "coverage_window_amount" DROP COLUMN "amount";
