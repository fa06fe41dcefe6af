import Link from "next/link";

import { withParams } from "@/app/wilayah/[code]/view-params";
import { formatInteger } from "@/lib/format";

/**
 * A long list's page links: the previous and next page of `path` with its other parameters kept,
 * and where the reader is.
 */
export function Pager({
  path,
  params,
  page,
  pages,
  pageParam = "page",
}: {
  path: string;
  params: Record<string, string | undefined>;
  page: number;
  pages: number;
  /** The parameter naming the page (`halaman` on the area pages). */
  pageParam?: string;
}) {
  return (
    <nav aria-label="Halaman" className="pager">
      {page > 1 && <Link href={withParams(path, { ...params, [pageParam]: String(page - 1) })}>‹ Sebelumnya</Link>}
      <span>
        Halaman {formatInteger(page)} dari {formatInteger(pages)}
      </span>
      {page < pages && <Link href={withParams(path, { ...params, [pageParam]: String(page + 1) })}>Berikutnya ›</Link>}
    </nav>
  );
}
