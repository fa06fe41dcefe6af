import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

import { z } from "zod";

import {
  addUser,
  assertStrongPassword,
  listUsers,
  ROLE_LABELS,
  updateUser,
  USER_ROLES,
  usernameParam,
} from "@/lib/access";
import { contextOf } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { UserError } from "@/lib/errors";

import { runCli } from "./run";

const USAGE = `Pemakaian:
  npm run user -- add <nama_pengguna> --role <${USER_ROLES.join("|")}> [--area KODE ...] [--name "Nama"]
  npm run user -- passwd <nama_pengguna>
  npm run user -- list
Kata sandi dibaca dari terminal (tidak ditampilkan), atau dari masukan standar bila bukan terminal.`;

/** Reads a password: hidden from a terminal, else the first line of standard input (for scripts). */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const rl = createInterface({ input: stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new UserError("Kata sandi tidak terbaca dari masukan standar.");
  }
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let password = "";
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          return resolve(password);
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          return reject(new UserError("Dibatalkan."));
        }
        if (char === "\u007f") password = password.slice(0, -1);
        else password += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** A new password, read and checked before the database is opened: a weak one costs nothing. */
async function newPassword(username: string): Promise<string> {
  const password = await readPassword("Kata sandi: ");
  if (process.stdin.isTTY && (await readPassword("Ulangi kata sandi: ")) !== password)
    throw new UserError("Kedua kata sandi tidak sama.");
  assertStrongPassword(password, username);
  return password;
}

// npm run user -- add|passwd|list: accounts from the command line (the first admin among them).
runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: "string" }, area: { type: "string", multiple: true }, name: { type: "string" } },
  });
  const [command, rawUsername] = positionals;
  if (!command || !["add", "passwd", "list"].includes(command)) throw new UserError(USAGE);
  // Everything typed is checked first; the database (migrated on first use) is opened last.
  let username = "";
  let role: (typeof USER_ROLES)[number] | undefined;
  let password = "";
  if (command !== "list") {
    const parsed = usernameParam.safeParse(rawUsername);
    if (!parsed.success) throw new UserError(`${parsed.error.issues[0]!.message}\n${USAGE}`);
    username = parsed.data;
    if (command === "add") {
      const parsedRole = z.enum(USER_ROLES).safeParse(values.role);
      if (!parsedRole.success) throw new UserError(`--role harus salah satu dari ${USER_ROLES.join(", ")}.\n${USAGE}`);
      role = parsedRole.data;
    }
    password = await newPassword(username);
  }
  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    const ctx = contextOf(handle);
    if (command === "list") {
      for (const user of await listUsers({ ctx })) {
        console.log(
          `${user.username}\t${user.role}\t${user.area_codes.join(",") || "semua wilayah"}\t${user.active ? "aktif" : "nonaktif"}`,
        );
      }
      return;
    }
    if (role) {
      const user = await addUser({
        ctx,
        input: { username, role, areaCodes: values.area ?? [], displayName: values.name, password },
      });
      console.log(
        `Akun ${user.username} dibuat: ${ROLE_LABELS[user.role]}, ${user.area_codes.join(", ") || "semua wilayah"}.`,
      );
      return;
    }
    const user = (await listUsers({ ctx })).find((u) => u.username === username);
    if (!user) throw new UserError(`Akun ${username} tidak ada.`);
    await updateUser({
      ctx,
      input: {
        id: user.id,
        displayName: user.display_name ?? undefined,
        role: user.role,
        areaCodes: user.area_codes,
        active: user.active,
        password,
      },
    });
    console.log(`Kata sandi ${user.username} diganti; sesi yang terbuka diakhiri.`);
  } finally {
    await handle.close();
  }
});
