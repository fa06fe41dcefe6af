import type { Metadata } from "next";
import { redirect } from "next/navigation";

import {
  currentActor,
  DEMO_PASSWORD,
  landingPath,
  listedDemoAccounts,
  ROLE_LABELS,
  safeReturnPath,
} from "@/lib/access";
import { processContext } from "@/lib/context";

import { LoginForm } from "./client";

export const metadata: Metadata = { title: "Masuk" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeReturnPath((await searchParams).lanjut);
  const actor = await currentActor();
  if (actor) redirect(landingPath(actor.role, next));
  const demoAccounts = await listedDemoAccounts(await processContext());
  const demo = demoAccounts.length > 0;
  return (
    <div className="page login">
      <h1>Masuk ke Tepat</h1>
      <LoginForm next={next} />
      {demo && (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title" style={{ marginTop: 0 }}>
            Akun contoh
          </h2>
          <p>
            Kata sandi semua akun contoh: <code>{DEMO_PASSWORD}</code>. Akun ini hanya ada pada basis data berisi data
            contoh.
          </p>
          <ul>
            {demoAccounts.map((a) => (
              <li key={a.username}>
                <code>{a.username}</code> — {ROLE_LABELS[a.role]}: {a.areas}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
