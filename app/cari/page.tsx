import type { Metadata } from "next";
import Link from "next/link";
import { homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { pageContext } from "@/lib/access/request";
import { homeAreaOf } from "@/lib/access/scope";
import { formatInteger } from "@/lib/format";
import { SEARCH_LIMIT, searchParams, searchRegister } from "@/lib/search";

export const metadata: Metadata = { title: "Cari" };

type PageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams: raw }: PageProps) {
  const given = await raw;
  const q = typeof given.q === "string" ? given.q : "";
  const area = typeof given.area === "string" && given.area !== "" ? given.area : undefined;
  const ctx = await pageContext("/cari");
  const kabkotaCode = await homeKabkotaCode(ctx);
  const areas = await listAreasOfKabkota({ ctx, input: { kabkotaCode, levels: ["kecamatan", "kelurahan"] } });
  const parsed = q ? searchParams.safeParse({ q, area }) : null;
  const result = parsed?.success ? await searchRegister({ ctx, input: parsed.data }) : null;

  return (
    <div className="page">
      <h1>Cari anggota DTKS</h1>
      <form className="window-form" method="get" action="/cari" role="search">
        <label>
          Nama atau NIK
          <input name="q" defaultValue={q} required minLength={3} placeholder="mis. Siti Rahmawati atau 647205" autoComplete="off" />
        </label>
        <label>
          Wilayah
          <select name="area" defaultValue={area ?? ""}>
            <option value="">{homeAreaOf(ctx.actor) ? "Semua wilayah saya" : "Seluruh kota"}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.level === "kecamatan" ? `Kec. ${a.name}` : `\u00a0\u00a0${a.name}`}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit">
          Cari
        </button>
      </form>
      <p className="map-status">Nama boleh salah ketik; NIK boleh sebagian (minimal 4 angka). NIK ditampilkan tersamar.</p>
      {parsed && !parsed.success && <p className="notice-error">{parsed.error.issues.map((i) => i.message).join("; ")}</p>}
      {result && (
        <section aria-labelledby="hits-title">
          <h2 id="hits-title">
            {result.hits.length === 0
              ? "Tidak ada yang cocok"
              : `${formatInteger(result.hits.length)}${result.hits.length === SEARCH_LIMIT ? "+" : ""} hasil menurut ${result.by === "nik" ? "NIK" : "nama"}`}
          </h2>
          <div className="table-wrap">
            <table className="data" data-testid="search-results">
              <thead>
                <tr>
                  <th scope="col">Nama</th>
                  <th scope="col">NIK</th>
                  <th scope="col">Hubungan</th>
                  <th scope="col">Kelurahan / RT</th>
                  <th scope="col">Rumah tangga</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((hit, i) => (
                  <tr key={`${hit.household_id}-${i}`}>
                    <td>{hit.name}</td>
                    <td>{hit.nik ?? "–"}</td>
                    <td>{hit.relation ?? "–"}</td>
                    <td>
                      {hit.kelurahan_name ?? hit.kelurahan_code ?? "–"}
                      {hit.rt_code ? ` / RT ${hit.rt_code.slice(-3)}` : ""}
                    </td>
                    <td>
                      <Link href={`/rumah-tangga/${hit.household_id}`}>
                        {hit.dtks_id}
                        {hit.household_status !== "aktif" ? " (nonaktif)" : ""}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
