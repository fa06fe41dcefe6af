import type { ImportOutcome } from "@/lib/imports";

/** The badge of an outcome: green only for a whole success, amber for a partial one. */
export const OUTCOME_CLASS: Record<ImportOutcome, string> = {
  berhasil: "outcome outcome-ok",
  sebagian: "outcome outcome-partial",
  ditolak: "outcome outcome-error",
  gagal: "outcome outcome-error",
  berjalan: "outcome",
};
