-- Record linkage forgets a register name no person bears any longer, with its pairs (name keys are
-- personal data): its pairs are found by the register name (lib/linkage/name-blocks.ts).
CREATE INDEX "linkage_name_pair_register_key_idx" ON "linkage_name_pair" USING btree ("kabkota_code","register_key");