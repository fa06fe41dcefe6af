"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/peta", label: "Peta" },
  { href: "/wilayah", label: "Wilayah" },
  { href: "/cari", label: "Cari" },
  { href: "/layar", label: "Layar Komando" },
  { href: "/impor", label: "Impor" },
] as const;

export function SiteNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Navigasi utama" className="site-nav">
      <ul>
        {LINKS.map(({ href, label }) => {
          const current = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={href}>
              <Link href={href} aria-current={current ? "page" : undefined}>
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
