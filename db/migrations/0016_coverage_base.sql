CREATE TABLE "coverage_base" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "coverage_base_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kabkota_code" text NOT NULL,
	"data_version" bigint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coverage_base_once" UNIQUE("kabkota_code","data_version")
);
--> statement-breakpoint
CREATE TABLE "coverage_base_household" (
	"kabkota_code" text NOT NULL,
	"base_id" integer NOT NULL,
	"household_id" bigint NOT NULL,
	"effective_kelurahan_code" text,
	"effective_rt_code" text,
	"status" "household_status" NOT NULL,
	"eligible" boolean NOT NULL,
	"received_ever" boolean NOT NULL,
	"persons" integer NOT NULL,
	"poor_persons" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage_window" ADD COLUMN "households_stored" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_base_household" ADD CONSTRAINT "coverage_base_household_base_id_coverage_base_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."coverage_base"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coverage_base_household_base_idx" ON "coverage_base_household" USING btree ("base_id");