-- Cached windows hold no list columns yet: compute them again (the new columns are NOT NULL).
DELETE FROM coverage_window;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "program_codes" text[];--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "eligible" boolean NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "conflicting" boolean NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "persons" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "deceased" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "nonaktif" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "invalid_nik" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "paid_twice" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "error_receipts" integer NOT NULL;
