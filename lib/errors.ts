/**
 * An error whose message is written for the person at the keyboard (in Bahasa Indonesia, naming
 * the file, row or field at fault). CLIs print only the message; routes answer it as 400.
 */
export class UserError extends Error {
  readonly userFacing = true;
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n- ${problems.join("\n- ")}` : message);
    this.name = new.target.name;
  }
}

export function isUserFacing(error: unknown): error is Error {
  return error instanceof Error && (error as { userFacing?: unknown }).userFacing === true;
}

/** The innermost message of an error chain: drizzle wraps the database's own words in `cause`. */
export function rootMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Too many requests of one kind from one account: routes answer 429, saying when to try again. */
export class RateLimited extends UserError {
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}
