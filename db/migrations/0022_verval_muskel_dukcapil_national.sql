CREATE TYPE "public"."civil_event" AS ENUM('meninggal', 'pindah');--> statement-breakpoint
CREATE TYPE "public"."national_check" AS ENUM('tercermin', 'tidak_tercermin');--> statement-breakpoint
ALTER TYPE "public"."import_kind" ADD VALUE 'dukcapil';--> statement-breakpoint
CREATE TABLE "civil_registry_event" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "civil_registry_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_batch_id" bigint NOT NULL,
	"source_row" integer NOT NULL,
	"nik" text NOT NULL,
	"name" text,
	"event" "civil_event" NOT NULL,
	"event_date" date NOT NULL,
	"destination" text,
	CONSTRAINT "civil_registry_event_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "muskel" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "muskel_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kelurahan_code" text NOT NULL,
	"held_on" date NOT NULL,
	"attendance" integer NOT NULL,
	"attendees" text,
	"minutes_file_name" text NOT NULL,
	"minutes" "bytea" NOT NULL,
	"minutes_size" integer NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "muskel_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
ALTER TABLE "proposal" ADD COLUMN "muskel_id" bigint;--> statement-breakpoint
ALTER TABLE "proposal" ADD COLUMN "national_check" "national_check";--> statement-breakpoint
ALTER TABLE "proposal" ADD COLUMN "national_differences" jsonb;--> statement-breakpoint
ALTER TABLE "proposal" ADD COLUMN "national_batch_id" bigint;--> statement-breakpoint
ALTER TABLE "proposal" ADD COLUMN "national_checked_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "civil_registry_event_fact" ON "civil_registry_event" USING btree ("kabkota_code","nik","event","event_date");--> statement-breakpoint
CREATE INDEX "muskel_kelurahan_idx" ON "muskel" USING btree ("kabkota_code","kelurahan_code","held_on");--> statement-breakpoint
CREATE INDEX "proposal_muskel_idx" ON "proposal" USING btree ("kabkota_code","muskel_id");