"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Who is signed in, with the way out. */
export function AccountMenu({ name, role }: { name: string; role: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function logOut() {
    setBusy(true);
    await fetch("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    router.replace("/masuk");
    router.refresh();
  }
  return (
    <div className="account-menu">
      <a href="/akun" title="Akun saya">
        <span className="account-name">{name}</span> <span className="account-role">{role}</span>
      </a>
      <button type="button" className="link-button" onClick={logOut} disabled={busy}>
        Keluar
      </button>
    </div>
  );
}
