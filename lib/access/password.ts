import { hash, verify } from "@node-rs/argon2";

import { UserError } from "@/lib/errors";

/** argon2id (the library's default algorithm) at the OWASP baseline: 19 MiB, 2 passes, tens of ms per login. */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash no password matches, verified for unknown usernames so they take as long as known ones. */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword("tepat-decoy-password");
  await verifyPassword(await decoy, password);
}

/** Refuses a new password a person could guess, with the reason in Bahasa Indonesia. */
export function assertStrongPassword(password: string, username: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter.`);
  if (password.toLowerCase().includes(username.toLowerCase()))
    throw new UserError("Kata sandi tidak boleh memuat nama pengguna.");
}
