CREATE TABLE "scorecard_snapshot" (
	"kabkota_code" text NOT NULL,
	"area_code" text NOT NULL,
	"taken_on" date NOT NULL,
	"figures" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scorecard_snapshot_kabkota_code_area_code_taken_on_pk" PRIMARY KEY("kabkota_code","area_code","taken_on")
);
