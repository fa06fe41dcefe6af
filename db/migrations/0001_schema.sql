CREATE TYPE "public"."area_level" AS ENUM('provinsi', 'kabkota', 'kecamatan', 'kelurahan', 'rt');--> statement-breakpoint
CREATE TYPE "public"."family_relation" AS ENUM('kepala keluarga', 'suami', 'istri', 'anak', 'menantu', 'cucu', 'orang tua', 'mertua', 'famili lain', 'lainnya');--> statement-breakpoint
CREATE TYPE "public"."household_status" AS ENUM('aktif', 'nonaktif');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('boundaries', 'dtks', 'penerima');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('berjalan', 'selesai', 'ditolak', 'gagal');--> statement-breakpoint
CREATE TYPE "public"."location_status" AS ENUM('sesuai', 'tidak_sesuai', 'di_luar_wilayah', 'tanpa_geotag');--> statement-breakpoint
CREATE TYPE "public"."nik_check" AS ENUM('valid', 'missing', 'malformed', 'unknown_region', 'inconsistent');--> statement-breakpoint
CREATE TYPE "public"."nonaktif_reason" AS ENUM('meninggal', 'pindah', 'mampu', 'ganda', 'menolak', 'tidak ditemukan');--> statement-breakpoint
CREATE TYPE "public"."program_level" AS ENUM('pusat', 'provinsi', 'kabkota', 'desa');--> statement-breakpoint
CREATE TYPE "public"."program_unit" AS ENUM('household', 'person');--> statement-breakpoint
CREATE TYPE "public"."proposal_kind" AS ENUM('usulan_baru', 'nonaktif', 'perubahan');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('draf', 'diajukan', 'diverifikasi_kelurahan', 'diterima', 'ditolak');--> statement-breakpoint
CREATE TYPE "public"."receipt_match_method" AS ENUM('nik', 'no_kk');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('L', 'P');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'pimpinan', 'camat', 'lurah', 'operator');--> statement-breakpoint
CREATE TYPE "public"."verval_status" AS ENUM('terverifikasi', 'belum');--> statement-breakpoint
CREATE TABLE "area" (
	"code" text PRIMARY KEY NOT NULL,
	"level" "area_level" NOT NULL,
	"parent_code" text,
	"kabkota_code" text,
	"name" text NOT NULL,
	"geom" geometry(MultiPolygon,4326),
	"geom_display" geometry(MultiPolygon,4326),
	"label_point" geometry(Point,4326),
	"area_km2" double precision,
	"population" integer,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "area_code_format" CHECK ("area"."code" ~ '^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4}(\.[0-9]{3}\.[0-9]{3})?)?)?)?$'),
	CONSTRAINT "area_population_nonnegative" CHECK ("area"."population" IS NULL OR "area"."population" >= 0)
);
--> statement-breakpoint
CREATE TABLE "household" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "household_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dtks_id" text NOT NULL,
	"no_kk" text,
	"no_kk_check" "nik_check" DEFAULT 'missing' NOT NULL,
	"address" text,
	"declared_kelurahan_code" text,
	"declared_rt_code" text,
	"rw" text,
	"rt" text,
	"geotag" geometry(Point,4326),
	"desil" smallint,
	"status" "household_status" DEFAULT 'aktif' NOT NULL,
	"nonaktif_reason" "nonaktif_reason",
	"verval_status" "verval_status" DEFAULT 'belum' NOT NULL,
	"verval_date" date,
	"spatial_kelurahan_code" text,
	"spatial_rt_code" text,
	"effective_kelurahan_code" text,
	"effective_rt_code" text,
	"location_status" "location_status" DEFAULT 'tanpa_geotag' NOT NULL,
	"import_batch_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id"),
	CONSTRAINT "household_desil_range" CHECK ("household"."desil" IS NULL OR "household"."desil" BETWEEN 1 AND 10),
	CONSTRAINT "household_nonaktif_has_reason" CHECK (("household"."status" = 'aktif' AND "household"."nonaktif_reason" IS NULL) OR ("household"."status" = 'nonaktif' AND "household"."nonaktif_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "household_history" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "household_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"household_id" bigint NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"import_batch_id" bigint,
	"previous" jsonb NOT NULL,
	CONSTRAINT "household_history_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "person" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "person_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"household_id" bigint NOT NULL,
	"nik" text,
	"nik_check" "nik_check" DEFAULT 'missing' NOT NULL,
	"name" text NOT NULL,
	"birth_date" date,
	"sex" "sex",
	"relation" "family_relation",
	"death_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "program" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" "program_level" NOT NULL,
	"unit" "program_unit" NOT NULL,
	"max_desil" smallint,
	"owner_area_code" text,
	"description" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_code_format" CHECK ("program"."code" ~ '^[A-Z0-9][A-Z0-9-]*$'),
	CONSTRAINT "program_max_desil_range" CHECK ("program"."max_desil" IS NULL OR "program"."max_desil" BETWEEN 1 AND 10)
);
--> statement-breakpoint
CREATE TABLE "program_alias" (
	"alias" text PRIMARY KEY NOT NULL,
	"program_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "program_exclusion" (
	"program_code" text NOT NULL,
	"excluded_program_code" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_exclusion_program_code_excluded_program_code_pk" PRIMARY KEY("program_code","excluded_program_code"),
	CONSTRAINT "program_exclusion_ordered_pair" CHECK ("program_exclusion"."program_code" < "program_exclusion"."excluded_program_code")
);
--> statement-breakpoint
CREATE TABLE "aid_receipt" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "aid_receipt_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_code" text NOT NULL,
	"period" text NOT NULL,
	"nik" text,
	"nik_check" "nik_check" DEFAULT 'missing' NOT NULL,
	"no_kk" text,
	"name" text,
	"amount" bigint,
	"kelurahan_code" text,
	"import_batch_id" bigint NOT NULL,
	"source_file" text NOT NULL,
	"source_row" integer NOT NULL,
	"matched_household_id" bigint,
	"matched_person_id" bigint,
	"match_method" "receipt_match_method",
	CONSTRAINT "aid_receipt_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id"),
	CONSTRAINT "aid_receipt_period_format" CHECK ("aid_receipt"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "aid_receipt_has_key" CHECK ("aid_receipt"."nik" IS NOT NULL OR "aid_receipt"."no_kk" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "import_batch" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_batch_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kabkota_code" text,
	"kind" "import_kind" NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"program_code" text,
	"period" text,
	"status" "import_status" DEFAULT 'berjalan' NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"message" text,
	"details" jsonb,
	"created_by" bigint,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rejection" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "import_rejection_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_batch_id" bigint NOT NULL,
	"row_number" integer NOT NULL,
	"field" text,
	"reason" text NOT NULL,
	"raw" jsonb NOT NULL,
	CONSTRAINT "import_rejection_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "app_user_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"display_name" text,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "user_area" (
	"user_id" bigint NOT NULL,
	"area_code" text NOT NULL,
	CONSTRAINT "user_area_user_id_area_code_pk" PRIMARY KEY("user_id","area_code")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kabkota_code" text,
	"user_id" bigint,
	"username" text,
	"action" text NOT NULL,
	"entity" text,
	"entity_id" text,
	"area_code" text,
	"old_value" jsonb,
	"new_value" jsonb,
	"detail" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "proposal" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "proposal_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "proposal_kind" NOT NULL,
	"status" "proposal_status" DEFAULT 'diajukan' NOT NULL,
	"household_id" bigint,
	"kelurahan_code" text NOT NULL,
	"rt_code" text,
	"nonaktif_reason" "nonaktif_reason",
	"payload" jsonb,
	"note" text,
	"submitted_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "proposal_history" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "proposal_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"proposal_id" bigint NOT NULL,
	"status" "proposal_status" NOT NULL,
	"changed_by" bigint,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "proposal_history_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "app_setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area" ADD CONSTRAINT "area_parent_code_area_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."area"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_household_fk" FOREIGN KEY ("kabkota_code","household_id") REFERENCES "public"."household"("kabkota_code","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_alias" ADD CONSTRAINT "program_alias_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_exclusion" ADD CONSTRAINT "program_exclusion_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_exclusion" ADD CONSTRAINT "program_exclusion_excluded_program_code_program_code_fk" FOREIGN KEY ("excluded_program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_receipt" ADD CONSTRAINT "aid_receipt_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_area" ADD CONSTRAINT "user_area_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_area" ADD CONSTRAINT "user_area_area_code_area_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."area"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "area_geom_gist" ON "area" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "area_parent_idx" ON "area" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "area_level_kabkota_idx" ON "area" USING btree ("level","kabkota_code");--> statement-breakpoint
CREATE UNIQUE INDEX "household_dtks_id_key" ON "household" USING btree ("kabkota_code","dtks_id");--> statement-breakpoint
CREATE INDEX "household_no_kk_idx" ON "household" USING btree ("kabkota_code","no_kk");--> statement-breakpoint
CREATE INDEX "household_effective_kelurahan_idx" ON "household" USING btree ("kabkota_code","effective_kelurahan_code");--> statement-breakpoint
CREATE INDEX "household_effective_rt_idx" ON "household" USING btree ("kabkota_code","effective_rt_code");--> statement-breakpoint
CREATE INDEX "household_geotag_gist" ON "household" USING gist ("geotag");--> statement-breakpoint
CREATE INDEX "household_history_household_idx" ON "household_history" USING btree ("kabkota_code","household_id");--> statement-breakpoint
CREATE INDEX "person_household_idx" ON "person" USING btree ("kabkota_code","household_id");--> statement-breakpoint
CREATE INDEX "person_nik_idx" ON "person" USING btree ("nik");--> statement-breakpoint
CREATE INDEX "person_name_trgm" ON "person" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "aid_receipt_program_period_idx" ON "aid_receipt" USING btree ("kabkota_code","program_code","period");--> statement-breakpoint
CREATE INDEX "aid_receipt_household_idx" ON "aid_receipt" USING btree ("kabkota_code","matched_household_id");--> statement-breakpoint
CREATE INDEX "aid_receipt_nik_idx" ON "aid_receipt" USING btree ("nik");--> statement-breakpoint
CREATE INDEX "aid_receipt_no_kk_idx" ON "aid_receipt" USING btree ("no_kk");--> statement-breakpoint
CREATE INDEX "aid_receipt_batch_idx" ON "aid_receipt" USING btree ("kabkota_code","import_batch_id");--> statement-breakpoint
CREATE INDEX "import_batch_kind_idx" ON "import_batch" USING btree ("kind","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_batch_file_once" ON "import_batch" USING btree ("kind","file_sha256","program_code","period") WHERE "import_batch"."status" = 'selesai';--> statement-breakpoint
CREATE INDEX "import_rejection_batch_idx" ON "import_rejection" USING btree ("import_batch_id","row_number");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "proposal_kelurahan_status_idx" ON "proposal" USING btree ("kabkota_code","kelurahan_code","status");--> statement-breakpoint
CREATE INDEX "proposal_history_proposal_idx" ON "proposal_history" USING btree ("kabkota_code","proposal_id");