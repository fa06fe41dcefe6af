/**
 * One headline number: its label, the value, and a note under it when there is one. Figures go in
 * a `<dl>`: `.figures` on the area page, `.screen-figures` on the wall screen.
 */
export function Figure({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
      {note && <dd className="figure-note">{note}</dd>}
    </div>
  );
}
