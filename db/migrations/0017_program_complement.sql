CREATE TABLE "program_complement" (
	"program_code" text NOT NULL,
	"complement_program_code" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "program_complement_program_code_complement_program_code_pk" PRIMARY KEY("program_code","complement_program_code"),
	CONSTRAINT "program_complement_ordered_pair" CHECK ("program_complement"."program_code" < "program_complement"."complement_program_code")
);
--> statement-breakpoint
ALTER TABLE "coverage_combination" ADD COLUMN "stacked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "coverage_household" ADD COLUMN "stacked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "program_complement" ADD CONSTRAINT "program_complement_program_code_program_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_complement" ADD CONSTRAINT "program_complement_complement_program_code_program_code_fk" FOREIGN KEY ("complement_program_code") REFERENCES "public"."program"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The intended package (reference data, as the exclusivity rules): PBI-JK, health insurance every
-- poor household is meant to have, goes with every program held now; PKH families receive
-- BPNT/Sembako by design. Pairs already forbidden stay forbidden; programs added later are
-- unspecified with every other until an admin says otherwise.
INSERT INTO program_complement (program_code, complement_program_code, note)
SELECT least(p.code, 'PBI-JK'), greatest(p.code, 'PBI-JK'), 'PBI-JK adalah jaminan kesehatan yang memang untuk setiap rumah tangga miskin.'
FROM program p
WHERE p.code <> 'PBI-JK' AND EXISTS (SELECT 1 FROM program WHERE code = 'PBI-JK')
  AND NOT EXISTS (SELECT 1 FROM program_exclusion x
                  WHERE x.program_code = least(p.code, 'PBI-JK') AND x.excluded_program_code = greatest(p.code, 'PBI-JK'))
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO program_complement (program_code, complement_program_code, note)
SELECT 'BPNT', 'PKH', 'Keluarga PKH memang menerima BPNT/Sembako.'
WHERE EXISTS (SELECT 1 FROM program WHERE code = 'BPNT') AND EXISTS (SELECT 1 FROM program WHERE code = 'PKH')
  AND NOT EXISTS (SELECT 1 FROM program_exclusion WHERE program_code = 'BPNT' AND excluded_program_code = 'PKH')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER program_complement_bumps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_complement
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
--> statement-breakpoint
-- Stacked now means a pair not allowed together: every cached window is counted again.
DELETE FROM coverage_window;
