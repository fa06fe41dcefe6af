import os from "node:os";

import { isUserFacing } from "@/lib/errors";

/** Runs a CLI command: an expected failure prints its message only, anything else its stack. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(isUserFacing(error) ? `Gagal: ${error.message}` : error);
      process.exit(1);
    },
  );
}

/** The audit log's name for whoever runs the CLI: the operating-system account, as `cli:<user>`. */
export function cliUsername(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return "cli:sistem";
  }
}
