-- Reference data every database has, demo or not: the national programs, the aliases recipient
-- lists use for them, the default exclusivity rules and the default settings.
INSERT INTO program (code, name, level, unit, max_desil, description) VALUES
  ('PKH', 'Program Keluarga Harapan', 'pusat', 'household', 4, 'Bantuan tunai bersyarat Kemensos, disalurkan per tahap (triwulan).'),
  ('BPNT', 'Bantuan Pangan Non Tunai / Sembako', 'pusat', 'household', 5, 'Bantuan pangan bulanan Kemensos (program Sembako).'),
  ('BST', 'Bantuan Sosial Tunai', 'pusat', 'household', NULL, 'Bantuan tunai pandemi COVID-19 Kemensos, April 2020 sampai Desember 2021.'),
  ('PBI-JK', 'Penerima Bantuan Iuran Jaminan Kesehatan', 'pusat', 'person', 5, 'Iuran BPJS Kesehatan yang dibayar pemerintah pusat, per jiwa.'),
  ('BLT-DD', 'Bantuan Langsung Tunai Dana Desa', 'desa', 'household', NULL, 'Bantuan tunai dari Dana Desa.')
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO program_alias (alias, program_code) VALUES
  ('SEMBAKO', 'BPNT'),
  ('PBI', 'PBI-JK'),
  ('PBIJK', 'PBI-JK'),
  ('BLTDD', 'BLT-DD'),
  ('BLT DANA DESA', 'BLT-DD')
ON CONFLICT (alias) DO NOTHING;
--> statement-breakpoint
-- Pairs are stored once, codes in alphabetical order (see program_exclusion_ordered_pair).
INSERT INTO program_exclusion (program_code, excluded_program_code, note) VALUES
  ('BST', 'PKH', 'BST hanya untuk keluarga yang tidak menerima PKH.'),
  ('BPNT', 'BST', 'BST hanya untuk keluarga yang tidak menerima BPNT/Sembako.'),
  ('BLT-DD', 'PKH', 'BLT Dana Desa hanya untuk keluarga yang tidak menerima PKH.'),
  ('BLT-DD', 'BPNT', 'BLT Dana Desa hanya untuk keluarga yang tidak menerima BPNT/Sembako.'),
  ('BLT-DD', 'BST', 'BLT Dana Desa hanya untuk keluarga yang tidak menerima BST.')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO app_setting (key, value) VALUES
  ('eligible_max_desil', '4'::jsonb),
  ('small_cell_k', '5'::jsonb),
  ('home_kabkota_code', '"64.72"'::jsonb)
ON CONFLICT (key) DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log hanya dapat ditambah, tidak dapat diubah atau dihapus';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
