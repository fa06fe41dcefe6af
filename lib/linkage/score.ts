import { sql, type SQL } from "drizzle-orm";

/**
 * The weights of a linkage score (0–1): how much each kind of evidence counts. The name carries
 * half; a birth date or a family card number can settle who of several namesakes it is; the
 * place only tips a balance. Unknown evidence (the list has no birth date) counts 0.4 of its
 * weight: neither for nor against, so a list with names only can reach review, never an
 * automatic link on a common name. Measured on `npm run bench -- --linkage` (lib/linkage/README.md).
 */
export const LINK_WEIGHTS = { name: 0.5, birthDate: 0.25, idNumber: 0.15, place: 0.1 } as const;

/** Evidence of an unknown field, as a share of its weight. */
export const UNKNOWN_EVIDENCE = 0.4;

/** How far the best candidate must lead the next before it is linked without review. */
export const LINK_MARGIN = 0.05;

/** Two birth dates: 1 equal, 0.8 day and month swapped, 0.7 the year one off, 0 otherwise; UNKNOWN_EVIDENCE when either is missing. */
export function birthDateEvidence(a: SQL, b: SQL): SQL {
  return sql`(CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN ${UNKNOWN_EVIDENCE}::real
    WHEN ${a} = ${b} THEN 1::real
    WHEN extract(year FROM ${a}) = extract(year FROM ${b}) AND extract(month FROM ${a}) = extract(day FROM ${b})
         AND extract(day FROM ${a}) = extract(month FROM ${b}) THEN 0.8::real
    WHEN extract(month FROM ${a}) = extract(month FROM ${b}) AND extract(day FROM ${a}) = extract(day FROM ${b})
         AND abs(extract(year FROM ${a}) - extract(year FROM ${b})) = 1 THEN 0.7::real
    ELSE 0::real END)`;
}

/** The birth days the rules accept for `day`: itself, the year one off either way, day and month swapped. */
export function birthDateVariants(day: SQL): SQL {
  return sql`ARRAY[${day}, (${day} + interval '1 year')::date, (${day} - interval '1 year')::date,
    CASE WHEN extract(day FROM ${day}) <= 12 AND extract(day FROM ${day}) <> extract(month FROM ${day})
         THEN make_date(extract(year FROM ${day})::int, extract(day FROM ${day})::int, extract(month FROM ${day})::int) END]`;
}

/** Two ID numbers one keystroke apart: one digit different, or two neighbours swapped. Cheap halves first. */
function nearNumber(a: SQL, b: SQL): SQL {
  return sql`(length(${a}) = length(${b}) AND (left(${a}, 8) = left(${b}, 8) OR right(${a}, 8) = right(${b}, 8))
    AND tepat_one_keystroke_apart(${a}, ${b}))`;
}

/**
 * The ID evidence: the No. KK equal 1, one keystroke apart 0.7, both given and different 0; a
 * NIK one keystroke from the person's 1 (a mistyped NIK). UNKNOWN_EVIDENCE when neither tells.
 */
export function idNumberEvidence(listed: { nik: SQL; noKk: SQL }, register: { nik: SQL; noKk: SQL }): SQL {
  return sql`greatest(
    CASE WHEN ${listed.noKk} IS NULL OR ${register.noKk} IS NULL THEN ${UNKNOWN_EVIDENCE}::real
         WHEN ${listed.noKk} = ${register.noKk} THEN 1::real
         WHEN ${nearNumber(listed.noKk, register.noKk)} THEN 0.7::real
         ELSE 0::real END,
    CASE WHEN ${listed.nik} IS NOT NULL AND ${register.nik} IS NOT NULL AND ${nearNumber(listed.nik, register.nik)} THEN 1::real END)`;
}

/** The place: the same kelurahan 0.7, and the same RT 0.3 more (0.15 when the list names none). */
export function placeEvidence(listed: { kelurahanCode: SQL; rt: SQL }, register: { kelurahanCode: SQL; rt: SQL }): SQL {
  return sql`(CASE WHEN ${listed.kelurahanCode} IS DISTINCT FROM ${register.kelurahanCode} THEN 0::real
    WHEN ${listed.rt} IS NULL THEN 0.85::real
    WHEN ltrim(${listed.rt}, '0') = ltrim(coalesce(${register.rt}, ''), '0') THEN 1::real
    ELSE 0.7::real END)`;
}

/** The score of a list's record against a register person (both with name keys), in 0–1, to three decimals as stored and shown. */
export function linkScore(parts: { nameSimilarity: SQL; birthDate: SQL; idNumber: SQL; place: SQL }): SQL {
  return sql`round((${LINK_WEIGHTS.name} * coalesce(${parts.nameSimilarity}, 0) + ${LINK_WEIGHTS.birthDate} * ${parts.birthDate}
    + ${LINK_WEIGHTS.idNumber} * ${parts.idNumber} + ${LINK_WEIGHTS.place} * ${parts.place})::numeric, 3)`;
}

/** Two register persons as one (ganda): the name and the birth date alone, 0.6 and 0.4. */
export function duplicateScore(nameSimilarity: SQL, birthDate: SQL): SQL {
  return sql`round((0.6 * ${nameSimilarity} + 0.4 * ${birthDate})::numeric, 3)`;
}
