CREATE TABLE "target_scenario" (
	"kabkota_code" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "target_scenario_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"program_code" text NOT NULL,
	"area_code" text NOT NULL,
	"params" jsonb NOT NULL,
	"data_version" bigint NOT NULL,
	"figures" jsonb NOT NULL,
	"based_on_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"adopted_at" timestamp with time zone,
	"adopted_by" bigint,
	"retired_at" timestamp with time zone,
	CONSTRAINT "target_scenario_kabkota_code_id_pk" PRIMARY KEY("kabkota_code","id")
);
--> statement-breakpoint
CREATE TABLE "target_scenario_household" (
	"kabkota_code" text NOT NULL,
	"scenario_id" bigint NOT NULL,
	"household_id" bigint NOT NULL,
	"rank" integer NOT NULL,
	"kelurahan_code" text,
	"rt_code" text,
	"desil" smallint NOT NULL,
	CONSTRAINT "target_scenario_household_kabkota_code_scenario_id_household_id_pk" PRIMARY KEY("kabkota_code","scenario_id","household_id")
);
--> statement-breakpoint
CREATE INDEX "target_scenario_program_idx" ON "target_scenario" USING btree ("kabkota_code","program_code");--> statement-breakpoint
CREATE INDEX "target_scenario_household_rank_idx" ON "target_scenario_household" USING btree ("kabkota_code","scenario_id","rank");