import type { TermKey } from "@/lib/glossary";

import { Hint } from "./hint";

/**
 * One headline number: its label (with the term's one-line explanation), the value, and a note
 * under it when there is one. Figures go in a `<dl>`: `.figures` on the area page,
 * `.screen-figures` on the wall screen.
 */
export function Figure({
  label,
  value,
  note,
  term,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  term?: TermKey;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <dt>
        {label}
        {term && <Hint term={term} />}
      </dt>
      <dd>{value}</dd>
      {note && <dd className="figure-note">{note}</dd>}
    </div>
  );
}
