CREATE TABLE "dtks_release" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "dtks_release_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"release_date" date NOT NULL,
	"import_batch_id" bigint,
	"households" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dtks_release_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "dtks_release_household" (
	"kabkota_code" text NOT NULL,
	"release_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"desil" smallint,
	"status" "household_status" NOT NULL,
	"verval_status" "verval_status" NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"members" smallint NOT NULL,
	CONSTRAINT "dtks_release_household_kabkota_code_release_id_household_id_pk" PRIMARY KEY("kabkota_code","release_id","household_id"),
	CONSTRAINT "dtks_release_household_desil_range" CHECK ("dtks_release_household"."desil" IS NULL OR "dtks_release_household"."desil" BETWEEN 1 AND 10)
);
--> statement-breakpoint
CREATE TABLE "import_preset" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_preset_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "import_kind" NOT NULL,
	"name" text NOT NULL,
	"columns" jsonb NOT NULL,
	"updated_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "dtks_release_name_key" ON "dtks_release" USING btree ("kabkota_code","name");--> statement-breakpoint
CREATE INDEX "dtks_release_date_idx" ON "dtks_release" USING btree ("kabkota_code","release_date");--> statement-breakpoint
CREATE INDEX "dtks_release_household_household_idx" ON "dtks_release_household" USING btree ("kabkota_code","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "import_preset_name_key" ON "import_preset" USING btree ("kind","name");