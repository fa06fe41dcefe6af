import type { ZodError } from "zod";

/** Says which filters of a list page were not used and why; nothing when they all were. */
export function FilterProblem({ error }: { error: ZodError | undefined }) {
  if (!error) return null;
  return <p className="notice-error">Saringan tidak dipakai: {error.issues.map((i) => i.message).join("; ")}.</p>;
}
