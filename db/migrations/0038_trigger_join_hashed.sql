-- record_data_change() (0031, 0035) joins a statement's old and new rows, its transition tables.
-- PL/pgSQL parses each of its statements once per session, and the planner then takes a
-- transition table's row count from that first call, whatever a later call holds. After an
-- update of no receipts (a DTKS import's rematch often is one), an update of 23,000 receipts was
-- joined as a nested loop over the stored rows: 95 s instead of 1.4 s, and over ten minutes for a
-- month of BPNT keyed by linkage. Under PGlite one session lasts as long as the app. None of the
-- function's statements wants a nested loop, so none may plan one. A later CREATE OR REPLACE of
-- the function must carry this setting too (test/db/schema.test.ts checks it).
ALTER FUNCTION record_data_change() SET enable_nestloop = off;
