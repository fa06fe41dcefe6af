import type { Metadata, Viewport } from "next";
import { DemoDataBanner } from "./demo-data-banner";
import { SiteNav } from "./site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tepat", template: "%s · Tepat" },
  description: "Tepat sasaran: di mana bantuan sosial bertumpuk, siapa yang belum menerima, dan bagaimana kemiskinan bergerak.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f5132" };

// Every page reads the database at request time; nothing is prerendered during `next build`.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="id">
      <body>
        <a className="skip-link" href="#isi">
          Lewati ke isi
        </a>
        <header className="site-header">
          <a className="brand" href="/peta" aria-label="Tepat, ke halaman peta">
            <span className="brand-mark" aria-hidden="true">◎</span> Tepat
          </a>
          <SiteNav />
        </header>
        <DemoDataBanner />
        <main id="isi">{children}</main>
      </body>
    </html>
  );
}
