import type { Capability } from "./roles";

/** The actor's role may not do this (answered 403); out-of-scope data answers 404 instead. */
export class AccessDenied extends Error {
  readonly userFacing = true;
  constructor(readonly capability: Capability) {
    super("Peran Anda tidak berwenang untuk tindakan ini.");
    this.name = "AccessDenied";
  }
}

/** Too many password attempts for an account or an address (answered 429, with until when). */
export class TooManyAttempts extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "TooManyAttempts";
  }
}
