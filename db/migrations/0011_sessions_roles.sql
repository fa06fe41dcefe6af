ALTER TYPE "public"."user_role" ADD VALUE 'layar';--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- The append-only trigger of 0002 refuses UPDATE and DELETE; TRUNCATE fires no row or statement
-- trigger of those kinds, so it gets its own.
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- k below 3 lets a shared screen show a cell of one or two households; such a stored value is raised.
UPDATE app_setting SET value = '3'::jsonb, updated_at = now() WHERE key = 'small_cell_k' AND (value #>> '{}')::int < 3;
