import { z } from "zod";

import { FAMILY_RELATIONS, NONAKTIF_REASONS, PROPOSAL_KINDS, SEXES, type ProposalKind } from "@/db/schema/vocabulary";

/** A calendar date as `YYYY-MM-DD`, a real one. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "tanggal dengan bentuk TTTT-BB-HH" })
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    {
      error: "tanggal tidak ada di kalender",
    },
  );

export const geotagInput = z.object({
  lon: z.number({ error: "bujur (lon) berupa angka" }).min(-180).max(180),
  lat: z.number({ error: "lintang (lat) berupa angka" }).min(-90).max(90),
});
export type GeotagInput = z.infer<typeof geotagInput>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `paling banyak ${max} karakter` })
    .optional()
    .transform((value) => value || undefined);

/** A NIK or No. KK as typed: digits only; its checks are run and shown, never blocking (lib/nik). */
const idNumber = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{0,20}$/, { error: `${label} hanya berisi angka` })
    .optional()
    .transform((value) => value || undefined);

const personId = z.number({ error: "pilih anggota rumah tangga" }).int().positive();

export const memberInput = z.object({
  name: z.string().trim().min(2, { error: "nama paling sedikit 2 huruf" }).max(120),
  nik: idNumber("NIK"),
  birth_date: isoDate.optional(),
  sex: z.enum(SEXES, { error: "jenis kelamin L atau P" }).optional(),
  relation: z.enum(FAMILY_RELATIONS, { error: "hubungan keluarga tidak dikenal" }).optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

const householdFields = {
  address: optionalText(300),
  rw: optionalText(5),
  rt: optionalText(5),
  /** An RT polygon's code, when the city has RT outlines. */
  rt_code: optionalText(40),
  no_kk: idNumber("No. KK"),
  geotag: geotagInput.optional(),
};

/** `nonaktif`: the reason, and what the reason needs. */
export const nonaktifChange = z
  .object({
    reason: z.enum(NONAKTIF_REASONS, { error: `alasan salah satu dari: ${NONAKTIF_REASONS.join(", ")}` }),
    /** meninggal: who died (the only living member when not named) and when. */
    person_id: personId.optional(),
    death_date: isoDate.optional(),
    /** pindah: where to. */
    destination: optionalText(200),
    /** ganda: the ID DTKS of the household it duplicates. */
    duplicate_of: optionalText(60),
  })
  .superRefine((change, issues) => {
    const need = (field: keyof typeof change, message: string) => {
      if (!change[field]) issues.addIssue({ code: "custom", path: [field], message });
    };
    if (change.reason === "meninggal") need("death_date", "tanggal meninggal wajib untuk alasan meninggal");
    if (change.reason === "pindah") need("destination", "tujuan pindah wajib untuk alasan pindah");
    if (change.reason === "ganda") need("duplicate_of", "ID DTKS rumah tangga kembarannya wajib untuk alasan ganda");
  });

/** `aktif_kembali`: why the household belongs in the register again. */
export const aktifKembaliChange = z.object({
  why: z.string().trim().min(5, { error: "alasan aktif kembali paling sedikit 5 huruf" }).max(500),
});

/** One change to the members of a household. */
export const memberChange = z.discriminatedUnion(
  "op",
  [
    z.object({ op: z.literal("meninggal"), person_id: personId, death_date: isoDate }),
    z.object({ op: z.literal("tambah"), member: memberInput }),
    z.object({
      op: z.literal("hapus"),
      person_id: personId,
      why: z.string().trim().min(3, { error: "alasan anggota dihapus" }).max(200),
    }),
    z.object({
      op: z.literal("koreksi"),
      person_id: personId,
      nik: idNumber("NIK"),
      name: optionalText(120),
      birth_date: isoDate.optional(),
    }),
  ],
  { error: "op salah satu dari: meninggal, tambah, hapus, koreksi" },
);
export type MemberChange = z.infer<typeof memberChange>;

/** `perubahan`: household fields to set (address, RW/RT, geotag, No. KK) and changes to its members. */
export const perubahanChange = z
  .object({
    household: z.object({ ...householdFields, kelurahan_code: optionalText(20) }).prefault({}),
    members: z.array(memberChange).max(30).default([]),
  })
  .refine((change) => Object.values(change.household).some((v) => v !== undefined) || change.members.length > 0, {
    error: "tidak ada yang diubah",
  });
export type PerubahanChange = z.infer<typeof perubahanChange>;

/** `baru`: a new household with its members, as a DTKS row would give them. */
export const baruChange = z.object({
  household: z.object({ ...householdFields, desil: z.number().int().min(1).max(10).optional() }),
  members: z.array(memberInput).min(1, { error: "paling sedikit satu anggota" }).max(30),
});
export type BaruChange = z.infer<typeof baruChange>;

export const CHANGE_SCHEMAS = {
  baru: baruChange,
  nonaktif: nonaktifChange,
  perubahan: perubahanChange,
  aktif_kembali: aktifKembaliChange,
} as const satisfies Record<ProposalKind, z.ZodType>;
export type ProposalChange = {
  [K in ProposalKind]: z.infer<(typeof CHANGE_SCHEMAS)[K]>;
};

const rtRecommendation = z.object({
  rw: optionalText(5),
  rt: optionalText(5),
  head_name: optionalText(120),
  date: isoDate.optional(),
});

const draftFields = z.object({
  kind: z.enum(PROPOSAL_KINDS, { error: `jenis salah satu dari: ${PROPOSAL_KINDS.join(", ")}` }),
  household_id: z.number().int().positive().optional(),
  /** The kelurahan of a `baru` proposal (others take their household's). */
  kelurahan_code: optionalText(20),
  change: z.unknown(),
  rt_recommendation: rtRecommendation.prefault({}),
  geotag: geotagInput.optional(),
  note: optionalText(1000),
  suggestion_key: optionalText(200),
});
type DraftFields = Omit<z.infer<typeof draftFields>, "kind" | "change">;
/** A checked draft: its `change` is the one its `kind` takes. */
export type ProposalDraft = { [K in ProposalKind]: DraftFields & { kind: K; change: ProposalChange[K] } }[ProposalKind];

/** A proposal as the form sends it; `change` is checked against its kind's schema. */
export const proposalDraft = draftFields.transform((draft, issues): ProposalDraft => {
  const change = CHANGE_SCHEMAS[draft.kind].safeParse(draft.change ?? {});
  if (!change.success) {
    for (const issue of change.error.issues) issues.addIssue({ ...issue, path: ["change", ...issue.path] } as never);
    return z.NEVER;
  }
  if (draft.kind !== "baru" && draft.household_id === undefined)
    issues.addIssue({ code: "custom", path: ["household_id"], message: "pilih rumah tangga yang diusulkan" });
  if (draft.kind === "baru" && !draft.kelurahan_code)
    issues.addIssue({ code: "custom", path: ["kelurahan_code"], message: "pilih kelurahan rumah tangga baru" });
  return { ...draft, change: change.data } as ProposalDraft;
});
