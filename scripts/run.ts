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
