-- A person's name as record linkage compares it (lib/linkage/README.md, "The name key"): the
-- spelling a list may use for the same person reduced to one form. In SQL so the register's key
-- is a stored column kept by every write path, and both engines compute the very same key.
CREATE OR REPLACE FUNCTION tepat_name_key(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  word text;
  part text;
  words text[] := '{}';
BEGIN
  IF raw IS NULL THEN
    RETURN NULL;
  END IF;
  -- Degrees follow a comma ("Siti Aminah, S.Pd."); apostrophes join ("Ma'ruf" is "Maruf").
  FOREACH word IN ARRAY regexp_split_to_array(trim(regexp_replace(lower(split_part(raw, ',', 1)), '[''`’]', '', 'g')), '\s+') LOOP
    -- A degree written with dots inside it (S.Pd, A.Md., S.E., M.M.).
    CONTINUE WHEN word ~ '[a-z]\.[a-z]'
      AND regexp_replace(word, '[^a-z]', '', 'g') = ANY (ARRAY['spd', 'spdi', 'se', 'st', 'sh', 'mh', 'mm', 'mpd', 'amd', 'amdkeb',
        'amdkep', 'amk', 'skm', 'ssos', 'skom', 'sag', 'sip', 'ssi', 'sth', 'sked', 'skep', 'sfarm', 'mkes', 'msi', 'ak', 'ap']);
    FOREACH part IN ARRAY regexp_split_to_array(word, '[^a-z]+') LOOP
      CONTINUE WHEN part = '' OR part = ANY (ARRAY['h', 'hj', 'haji', 'hajah', 'hajjah', 'dr', 'drs', 'dra', 'ir', 'prof', 'kh',
        'ust', 'ustad', 'ustadz', 'ustazah', 'spd', 'spdi', 'amd', 'skm', 'ssos', 'skom', 'mpd']);
      -- Old spelling (before 1972): a word with dj, tj, sj or oe is written the old way through
      -- and through, so its j is also the old y; a few names show no other sign of it.
      IF part ~ '(dj|tj|sj|oe)' OR part = ANY (ARRAY['jusuf', 'jahja', 'jakub', 'jasin', 'jani', 'johana', 'junus', 'jaman']) THEN
        part := replace(part, 'oe', 'u');
        part := replace(part, 'dj', '#');
        part := replace(part, 'tj', 'c');
        part := replace(part, 'sj', 'sy');
        part := replace(part, 'nj', 'ny');
        part := replace(part, 'j', 'y');
        part := replace(part, '#', 'j');
      END IF;
      -- ch (old) and kh are written h as often ("Chairul", "Khairul", "Hairul"); doubled letters once.
      part := regexp_replace(replace(replace(part, 'ch', 'h'), 'kh', 'h'), '([a-z])\1+', '\1', 'g');
      IF part ~ '^m[ou]h?am[ae]d$' OR part = ANY (ARRAY['m', 'md', 'mh', 'mhd', 'moh', 'mohd', 'muh', 'muhd']) THEN
        part := 'muhamad';
      ELSIF part IN ('st', 'sti') THEN
        part := 'siti';
      ELSIF part IN ('nor', 'nurr') THEN
        part := 'nur';
      END IF;
      words := words || part;
    END LOOP;
  END LOOP;
  RETURN nullif(array_to_string(words, ' '), '');
END;
$$;
--> statement-breakpoint
-- Two ID numbers one keystroke apart: one digit different, or two neighbouring digits swapped.
CREATE OR REPLACE FUNCTION tepat_one_keystroke_apart(a text, b text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  first_at int := 0;
  second_at int := 0;
  differing int := 0;
BEGIN
  IF a IS NULL OR b IS NULL OR length(a) <> length(b) OR a = b THEN
    RETURN false;
  END IF;
  FOR i IN 1..length(a) LOOP
    IF substr(a, i, 1) <> substr(b, i, 1) THEN
      differing := differing + 1;
      IF differing = 1 THEN
        first_at := i;
      ELSIF differing = 2 THEN
        second_at := i;
      ELSE
        RETURN false;
      END IF;
    END IF;
  END LOOP;
  RETURN differing = 1 OR (second_at = first_at + 1 AND substr(a, first_at, 1) = substr(b, second_at, 1)
    AND substr(a, second_at, 1) = substr(b, first_at, 1));
END;
$$;
