import type { Metadata } from "next";

import { pageContext } from "@/lib/access";
import { basemapInfo } from "@/lib/basemap";
import { formatDateTime, formatDecimal } from "@/lib/format";

import { BasemapForm } from "./client";

export const metadata: Metadata = { title: "Peta dasar" };

/** The admin installs the city's basemap file once; Tepat serves its tiles itself. */
export default async function BasemapPage() {
  const ctx = await pageContext("/admin/peta-dasar", "manage_rules");
  const basemap = await basemapInfo(ctx);
  return (
    <div className="page">
      <h1>Peta dasar</h1>
      <p className="lead">
        Jalan, sungai dan kawasan di bawah data pada peta, tanpa internet: pasang satu berkas PMTiles (petak vektor)
        untuk kota ini, misalnya potongan dari Protomaps (<code>pmtiles extract</code> dengan batas kota). Tepat
        menyajikan petaknya sendiri; tidak ada yang diambil dari luar saat peta dibuka.
      </p>
      <section className="card" data-testid="basemap-status">
        <h2>Terpasang</h2>
        {basemap ? (
          <ul>
            <li>
              Berkas: <strong>{basemap.fileName}</strong> ({formatDecimal(basemap.sizeBytes / 1048576)} MB)
            </li>
            <li>
              Zoom {basemap.minZoom}–{basemap.maxZoom}; batas {basemap.bounds.map((v) => v.toFixed(3)).join(", ")}
            </li>
            <li>
              Dipasang {formatDateTime(basemap.installedAt)} oleh {basemap.installedBy}
            </li>
          </ul>
        ) : (
          <p>Belum ada peta dasar: peta menampilkan batas wilayah saja.</p>
        )}
      </section>
      <BasemapForm installed={basemap !== null} />
    </div>
  );
}
