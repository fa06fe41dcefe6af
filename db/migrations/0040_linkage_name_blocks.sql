-- Record linkage keeps its name blocking between runs: the register names it has met, and each listed
-- name's similar register names (lib/linkage/name-blocks.ts). Empty at first: the next run fills them.
CREATE TABLE "linkage_listed_name" (
	"kabkota_code" text NOT NULL,
	"name_key" text NOT NULL,
	"blocking" real NOT NULL,
	"seen_through" integer NOT NULL,
	CONSTRAINT "linkage_listed_name_kabkota_code_name_key_pk" PRIMARY KEY("kabkota_code","name_key")
);
--> statement-breakpoint
CREATE TABLE "linkage_name_pair" (
	"kabkota_code" text NOT NULL,
	"listed_key" text NOT NULL,
	"register_key" text NOT NULL,
	"similarity" real NOT NULL,
	CONSTRAINT "linkage_name_pair_kabkota_code_listed_key_register_key_pk" PRIMARY KEY("kabkota_code","listed_key","register_key")
);
--> statement-breakpoint
CREATE TABLE "linkage_register_name" (
	"kabkota_code" text NOT NULL,
	"name_key" text NOT NULL,
	"seen" integer NOT NULL,
	CONSTRAINT "linkage_register_name_kabkota_code_name_key_pk" PRIMARY KEY("kabkota_code","name_key")
);
--> statement-breakpoint
CREATE INDEX "linkage_register_name_trgm" ON "linkage_register_name" USING gin ("name_key" gin_trgm_ops) WITH (fastupdate=false);