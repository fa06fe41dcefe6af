"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Who is signed in, with the way out; `ownAccount` links to the account page where the role may open it. */
export function AccountMenu({ name, role, ownAccount }: { name: string; role: string; ownAccount: boolean }) {
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
      {ownAccount ? (
        <a href="/akun" title="Akun saya">
          <span className="account-name">{name}</span> <span className="account-role">{role}</span>
        </a>
      ) : (
        <span>
          <span className="account-name">{name}</span> <span className="account-role">{role}</span>
        </span>
      )}
      <button type="button" className="link-button" onClick={logOut} disabled={busy}>
        Keluar
      </button>
    </div>
  );
}
