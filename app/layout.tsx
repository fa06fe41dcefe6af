import type { Metadata, Viewport } from "next";

import { can, currentActor, landingPath, ROLE_LABELS } from "@/lib/access";
import { processContext } from "@/lib/context";
import { taskCount } from "@/lib/verval";

import { AccountMenu } from "./account-menu";
import { DemoDataBanner } from "./demo-data-banner";
import { SiteNav, type NavLink } from "./site-nav";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tepat", template: "%s · Tepat" },
  description:
    "Tepat sasaran: di mana bantuan sosial bertumpuk, siapa yang belum menerima, dan bagaimana kemiskinan bergerak.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f5132" };

// Every page reads the database at request time; nothing is prerendered during `next build`.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  const tasks = actor && can(actor, "person_details") ? await taskCount({ ...(await processContext()), actor }) : null;
  // Each role sees the pages it may open; the pages check again for themselves.
  const links: NavLink[] = actor
    ? [
        ...(can(actor, "read_areas")
          ? [
              { href: "/peta", label: "Peta" },
              { href: "/wilayah", label: "Wilayah" },
              ...(can(actor, "person_details") ? [{ href: "/cari", label: "Cari" }] : []),
              ...(tasks !== null ? [{ href: "/tugas", label: tasks ? `Tugas (${tasks})` : "Tugas" }] : []),
              { href: "/sasaran", label: "Sasaran" },
              { href: "/rilis", label: "Rilis" },
              { href: "/rapor", label: "Rapor" },
              ...(can(actor, "link_records") ? [{ href: "/tautan", label: "Tautan" }] : []),
            ]
          : []),
        ...(can(actor, "command_screen") ? [{ href: "/layar", label: "Layar Komando" }] : []),
        ...(can(actor, "import") ? [{ href: "/impor", label: "Impor" }] : []),
        ...(can(actor, "manage_users") ? [{ href: "/admin/pengguna", label: "Pengguna" }] : []),
        ...(can(actor, "manage_rules") ? [{ href: "/admin/aturan", label: "Aturan" }] : []),
        ...(can(actor, "manage_rules") ? [{ href: "/admin/peta-dasar", label: "Peta dasar" }] : []),
        ...(can(actor, "read_audit") ? [{ href: "/admin/audit", label: "Audit" }] : []),
        ...(can(actor, "read_areas") ? [{ href: "/istilah", label: "Istilah" }] : []),
      ]
    : [];
  return (
    <html lang="id">
      <body>
        <a className="skip-link" href="#isi">
          Lewati ke isi
        </a>
        <header className="site-header">
          <a
            className="brand"
            href={actor ? landingPath(actor.role, "/peta") : "/peta"}
            aria-label="Tepat, ke halaman awal"
          >
            <span className="brand-mark" aria-hidden="true">
              ◎
            </span>{" "}
            Tepat
          </a>
          <SiteNav links={links} />
          {actor && (
            <AccountMenu
              name={actor.displayName ?? actor.username}
              role={ROLE_LABELS[actor.role]}
              ownAccount={can(actor, "read_areas")}
            />
          )}
        </header>
        <DemoDataBanner />
        <main id="isi">{children}</main>
      </body>
    </html>
  );
}
