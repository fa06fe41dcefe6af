import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PdfReading {
  pages: number;
  /** pdfinfo's page size of the first page, e.g. `595.92 x 841.92 pts (A4)`. */
  pageSize: string;
  /** pdftotext's text in reading layout, pages separated by form feeds. */
  text: string;
}

/**
 * Reads a PDF as a person would check a printout, with Debian's poppler-utils (test/prepare.sh
 * installs them): how many pages, their size, and the text on them. `png`, when given, is where
 * the first page is rendered (pdftoppm) for the closing note.
 */
export async function readPdf(pdf: Uint8Array, png?: string): Promise<PdfReading> {
  const dir = await mkdtemp(path.join(tmpdir(), "tepat-pdf-"));
  try {
    const file = path.join(dir, "cetak.pdf");
    await writeFile(file, pdf);
    const info = (await run("pdfinfo", [file])).stdout;
    const text = (await run("pdftotext", ["-layout", file, "-"])).stdout;
    if (png)
      await run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, png.replace(/\.png$/, "")]);
    return {
      pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0),
      pageSize: /^Page size:\s+(.+)$/m.exec(info)?.[1]?.trim() ?? "",
      text,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
