import { formatInteger } from "@/lib/format";
import { IMPORT_STEP_LABELS, type ImportProgress } from "@/lib/imports";

const BAR_WIDTH = 24;

function bar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}

/**
 * The import's steps as the import page shows them, on the command line: each step on a line of
 * its own, a step that counts (rows checked, figures stored) with a bar redrawn in place on a
 * terminal, and at each quarter when the output goes to a file or a pipe.
 */
export function printImportSteps(stream: NodeJS.WriteStream = process.stdout): ImportProgress {
  const terminal = Boolean(stream.isTTY);
  let current: string | null = null;
  let lastQuarter = -1;
  let open = false;
  const endLine = () => {
    if (open) stream.write("\n");
    open = false;
  };
  return (event) => {
    const label = IMPORT_STEP_LABELS[event.step];
    if (event.step !== current) {
      endLine();
      current = event.step;
      lastQuarter = -1;
      stream.write(`  ${label}${event.detail ? `: ${event.detail}` : ""} …\n`);
    }
    if (event.done === undefined || event.total === undefined || event.total === 0) return;
    const line = `    ${bar(event.done, event.total)} ${formatInteger(event.done)}/${formatInteger(event.total)}`;
    if (terminal) {
      stream.write(`\r${line}`);
      open = event.done < event.total;
      if (!open) stream.write("\n");
      return;
    }
    const quarter = Math.floor((4 * event.done) / event.total);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      stream.write(`${line}\n`);
    }
  };
}
