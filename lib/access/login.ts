import { z } from "zod";

import type { Context } from "@/lib/context";
import { formatDateTime } from "@/lib/format";

import { recordAudit } from "./audit";
import { openSession } from "./session";
import { checkPassword, LOCK_MINUTES, MAX_FAILED_LOGINS, type PasswordCheck } from "./throttle";

export { LOCK_MINUTES, MAX_FAILED_LOGINS, MAX_FAILED_PER_ADDRESS } from "./throttle";

export const loginInput = z.object({
  username: z
    .string({ error: "username wajib diisi" })
    .trim()
    .toLowerCase()
    .min(1, { error: "username wajib diisi" })
    .max(80),
  password: z.string({ error: "password wajib diisi" }).min(1, { error: "password wajib diisi" }).max(200),
});
export type LoginInput = z.infer<typeof loginInput>;

export type LoginResult =
  { ok: true; token: string; expiresAt: Date; userId: number } | { ok: false; status: 401 | 429; message: string };

const WRONG = "Nama pengguna atau kata sandi salah.";

/** The message of a refusal by the sign-in limits, the same whether the username exists or not. */
export function refusalMessage(check: Extract<PasswordCheck, { outcome: "refused" }>): string {
  return check.by === "alamat"
    ? `Terlalu banyak percobaan masuk dari alamat ini. Coba lagi dalam ${LOCK_MINUTES} menit.`
    : `Akun dikunci karena terlalu banyak percobaan gagal. Coba lagi setelah ${formatDateTime(check.lockedUntil)}.`;
}

export const LOCKED_NOW = `Akun dikunci selama ${LOCK_MINUTES} menit karena ${MAX_FAILED_LOGINS} kali salah kata sandi.`;

/**
 * Checks a username and password and opens a session. Five attempts without the right password
 * lock the username for fifteen minutes (even the right password is refused then), and one
 * address is held to 30 failures per fifteen minutes (lib/access/throttle.ts). An unknown
 * username answers exactly like a wrong password, locks included. Every attempt is audited.
 */
export async function logIn({
  ctx,
  input,
}: {
  ctx: Context;
  input: LoginInput & { ip: string | null; userAgent: string | null };
}): Promise<LoginResult> {
  const { username, ip } = input;
  const check = await checkPassword(ctx, input);
  const entity = check.userId === null ? {} : { entity: "app_user", entityId: check.userId };
  if (check.outcome === "refused") {
    await recordAudit(ctx, {
      action: "login_failed",
      username,
      ip,
      ...entity,
      detail: { reason: check.by === "alamat" ? "batas percobaan alamat" : "terkunci" },
    });
    return { ok: false, status: 429, message: refusalMessage(check) };
  }
  if (check.outcome === "wrong") {
    await recordAudit(ctx, {
      action: check.lockedNow ? "login_locked" : "login_failed",
      username,
      ip,
      ...entity,
      detail: { reason: check.reason },
    });
    return check.lockedNow
      ? { ok: false, status: 429, message: LOCKED_NOW }
      : { ok: false, status: 401, message: WRONG };
  }
  const session = await openSession(ctx, { userId: check.userId, ip, userAgent: input.userAgent });
  await recordAudit(ctx, { action: "login", username, ip, entity: "app_user", entityId: check.userId });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: check.userId };
}
