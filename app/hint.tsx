import Link from "next/link";

import { TERMS, type TermKey } from "@/lib/glossary";

/**
 * A term's one-line explanation beside a figure: on hover (title) and on tap (a disclosure, no
 * script needed), with a link to the whole entry on /istilah.
 */
export function Hint({ term }: { term: TermKey }) {
  const { term: name, short } = TERMS[term];
  return (
    <details className="hint">
      <summary title={short} aria-label={`Apa itu ${name}?`}>
        ?
      </summary>
      <span className="hint-text" role="note">
        {short} <Link href={`/istilah#${term}`}>Selengkapnya</Link>
      </span>
    </details>
  );
}
