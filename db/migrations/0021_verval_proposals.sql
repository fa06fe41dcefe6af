CREATE TYPE "public"."proposal_kind" AS ENUM('baru', 'nonaktif', 'perubahan', 'aktif_kembali');--> statement-breakpoint
CREATE TYPE "public"."proposal_state" AS ENUM('draf', 'diajukan', 'disetujui_lurah', 'diverifikasi', 'diterapkan', 'dikembalikan', 'ditolak');--> statement-breakpoint
CREATE TABLE "proposal" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "proposal_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "proposal_kind" NOT NULL,
	"state" "proposal_state" DEFAULT 'draf' NOT NULL,
	"household_id" bigint,
	"kelurahan_code" text NOT NULL,
	"rt_code" text,
	"reason" "nonaktif_reason",
	"change" jsonb NOT NULL,
	"base" jsonb,
	"rt_rw" text,
	"rt_number" text,
	"rt_head_name" text,
	"rt_recommended_on" date,
	"geotag" geometry(Point,4326),
	"note" text,
	"suggestion_key" text,
	"author_id" bigint NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "proposal_history" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "proposal_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"action" text NOT NULL,
	"from_state" "proposal_state",
	"to_state" "proposal_state" NOT NULL,
	"actor_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "proposal_history_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "proposal_photo" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "proposal_photo_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" bigint,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_photo_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "suggestion_dismissal" (
	"kabkota_code" text NOT NULL,
	"fact_key" text NOT NULL,
	"kelurahan_code" text,
	"reason" text NOT NULL,
	"dismissed_by" bigint,
	"dismissed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_dismissal_kabkota_code_fact_key_pk" PRIMARY KEY("kabkota_code","fact_key")
);
--> statement-breakpoint
ALTER TABLE "household_history" ADD COLUMN "proposal_id" bigint;--> statement-breakpoint
CREATE INDEX "proposal_kelurahan_state_idx" ON "proposal" USING btree ("kabkota_code","kelurahan_code","state");--> statement-breakpoint
CREATE INDEX "proposal_household_idx" ON "proposal" USING btree ("kabkota_code","household_id");--> statement-breakpoint
CREATE INDEX "proposal_suggestion_idx" ON "proposal" USING btree ("kabkota_code","suggestion_key");--> statement-breakpoint
CREATE INDEX "proposal_history_proposal_idx" ON "proposal_history" USING btree ("kabkota_code","proposal_id");--> statement-breakpoint
CREATE INDEX "proposal_photo_proposal_idx" ON "proposal_photo" USING btree ("kabkota_code","proposal_id");