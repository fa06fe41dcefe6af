import type { Metadata } from "next";

import { pageContext } from "@/lib/access";
import { TERM_KEYS, TERMS } from "@/lib/glossary";

export const metadata: Metadata = { title: "Istilah" };

/** The glossary: what every figure and indicator of Tepat means, in plain Bahasa Indonesia. */
export default async function GlossaryPage() {
  await pageContext("/istilah");
  return (
    <div className="page">
      <h1>Istilah</h1>
      <p className="lead">Arti setiap angka di Tepat, sama persis dengan cara menghitungnya.</p>
      <dl className="glossary">
        {TERM_KEYS.map((key) => (
          <div key={key} id={key}>
            <dt>{TERMS[key].term}</dt>
            <dd>
              <p>
                <strong>{TERMS[key].short}</strong>
              </p>
              {TERMS[key].definition.map((paragraph) => (
                <p key={paragraph}>{paragraph}</p>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
