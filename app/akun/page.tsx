import type { Metadata } from "next";

import { pageContext, ROLE_LABELS } from "@/lib/access";

import { PasswordForm } from "./client";

export const metadata: Metadata = { title: "Akun saya" };

export default async function AccountPage() {
  const { actor } = await pageContext("/akun");
  return (
    <div className="page login">
      <h1>Akun saya</h1>
      <p className="card">
        <strong>{actor.displayName ?? actor.username}</strong> ({actor.username})<br />
        {ROLE_LABELS[actor.role]} · wilayah: {actor.areaCodes.length ? actor.areaCodes.join(", ") : "semua wilayah"}
      </p>
      <h2>Ganti kata sandi</h2>
      <PasswordForm />
    </div>
  );
}
