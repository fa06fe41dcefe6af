CREATE TABLE "login_throttle" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "login_throttle_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
CREATE INDEX "login_throttle_window_idx" ON "login_throttle" USING btree ("window_start");--> statement-breakpoint
-- Accounts locked or counting when this runs keep their count and lock.
INSERT INTO "login_throttle" ("kind", "key", "attempts", "window_start", "locked_until")
SELECT 'akun', "username", "failed_logins", now(), "locked_until" FROM "app_user"
WHERE "failed_logins" > 0 OR "locked_until" > now();--> statement-breakpoint
ALTER TABLE "app_user" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "app_user" DROP COLUMN "locked_until";