ALTER TYPE "public"."user_role" ADD VALUE 'dinsos';--> statement-breakpoint
DROP TABLE "proposal" CASCADE;--> statement-breakpoint
DROP TABLE "proposal_history" CASCADE;--> statement-breakpoint
DROP TYPE "public"."proposal_kind";--> statement-breakpoint
DROP TYPE "public"."proposal_status";