CREATE TYPE "public"."linkage_kind" AS ENUM('penerima', 'ganda');--> statement-breakpoint
CREATE TYPE "public"."linkage_state" AS ENUM('menunggu', 'dikonfirmasi', 'ditolak');--> statement-breakpoint
ALTER TYPE "public"."receipt_match_method" ADD VALUE 'tautan_otomatis';--> statement-breakpoint
ALTER TYPE "public"."receipt_match_method" ADD VALUE 'tautan_dikonfirmasi';--> statement-breakpoint
CREATE TABLE "linkage_pair" (
	"kabkota_code" text NOT NULL,
	"fingerprint" uuid NOT NULL,
	"kind" "linkage_kind" NOT NULL,
	"receipt_key" text,
	"receipt_id" bigint,
	"receipts" integer DEFAULT 0 NOT NULL,
	"person_id" bigint NOT NULL,
	"other_person_id" bigint,
	"score" numeric(4, 3) NOT NULL,
	"kelurahan_code" text,
	"other_kelurahan_code" text,
	"state" "linkage_state" DEFAULT 'menunggu' NOT NULL,
	"note" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "linkage_pair_kabkota_code_fingerprint_pk" PRIMARY KEY("kabkota_code","fingerprint")
);
--> statement-breakpoint
ALTER TABLE "aid_receipt" DROP CONSTRAINT "aid_receipt_has_key";--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "name_key" text GENERATED ALWAYS AS (tepat_name_key(name)) STORED;--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD COLUMN "birth_date" date;--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD COLUMN "rt" text;--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD COLUMN "match_score" numeric(4, 3);--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD COLUMN "link_fingerprint" uuid;--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD COLUMN "link_key" text;--> statement-breakpoint
CREATE INDEX "linkage_pair_state_idx" ON "linkage_pair" USING btree ("kabkota_code","state","kind");--> statement-breakpoint
CREATE INDEX "linkage_pair_receipt_key_idx" ON "linkage_pair" USING btree ("kabkota_code","receipt_key");--> statement-breakpoint
CREATE INDEX "person_name_key_trgm" ON "person" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_birth_date_idx" ON "person" USING btree ("kabkota_code","birth_date");--> statement-breakpoint
CREATE INDEX "aid_receipt_link_key_idx" ON "aid_receipt" USING btree ("kabkota_code","link_key");--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD CONSTRAINT "aid_receipt_has_key" CHECK ("aid_receipt"."nik" IS NOT NULL OR "aid_receipt"."no_kk" IS NOT NULL OR "aid_receipt"."name" IS NOT NULL);