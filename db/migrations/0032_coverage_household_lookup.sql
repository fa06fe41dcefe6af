DROP INDEX "coverage_month_household_month_idx";--> statement-breakpoint
DROP INDEX "coverage_span_household_span_idx";--> statement-breakpoint
CREATE INDEX "coverage_month_household_month_idx" ON "coverage_month_household" USING btree ("month_id","household_id");--> statement-breakpoint
CREATE INDEX "coverage_span_household_span_idx" ON "coverage_span_household" USING btree ("span_id","household_id");