import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { areaTitle, CHILD_LEVEL_LABELS, getArea, listChildAreas } from "@/lib/areas";
import { processContext } from "@/lib/context";
import { formatDecimal, formatInteger } from "@/lib/format";

const areaCode = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4}(\.\d{3}\.\d{3})?)?)?)?$/;

async function load(code: string) {
  if (!areaCode.test(code)) return null;
  const ctx = await processContext();
  const found = await getArea({ ctx, input: { code } });
  if (!found) return null;
  return { ...found, children: await listChildAreas({ ctx, input: { code } }) };
}

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const found = await load((await params).code);
  return { title: found ? areaTitle(found.area) : "Wilayah tidak ditemukan" };
}

export default async function AreaPage({ params }: { params: Promise<{ code: string }> }) {
  const found = await load((await params).code);
  if (!found) notFound();
  const { area, ancestors, children } = found;
  const onMap = area.level === "kecamatan" || area.level === "kelurahan";

  return (
    <div className="page">
      <nav aria-label="Jejak wilayah" className="breadcrumbs">
        <ol>
          {ancestors.map((a) => (
            <li key={a.code}>
              <Link href={`/wilayah/${a.code}`}>{a.name}</Link>
            </li>
          ))}
          <li aria-current="page">{area.name}</li>
        </ol>
      </nav>
      <h1>{areaTitle(area)}</h1>
      <p className="lead">
        Kode Kemendagri {area.code}
        {onMap && (
          <>
            {" · "}
            <Link href={`/peta?wilayah=${area.code}`}>Lihat di peta</Link>
          </>
        )}
      </p>
      <dl className="figures">
        <div>
          <dt>Luas</dt>
          <dd>{formatDecimal(area.areaKm2, 2)} km²</dd>
        </div>
        <div>
          <dt>Jumlah {CHILD_LEVEL_LABELS[area.level].toLowerCase()}</dt>
          <dd>{formatInteger(area.childCount)}</dd>
        </div>
        <div>
          <dt>Penduduk</dt>
          <dd>{formatInteger(area.population)}</dd>
        </div>
      </dl>

      {children.length > 0 && (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{CHILD_LEVEL_LABELS[area.level]}</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Kode</th>
                  <th scope="col">Nama</th>
                  <th scope="col" className="num">Luas (km²)</th>
                  <th scope="col" className="num">Jumlah {CHILD_LEVEL_LABELS[children[0]!.level].toLowerCase()}</th>
                </tr>
              </thead>
              <tbody>
                {children.map((child) => (
                  <tr key={child.code}>
                    <td>{child.code}</td>
                    <td>
                      <Link href={`/wilayah/${child.code}`}>{child.name}</Link>
                    </td>
                    <td className="num">{formatDecimal(child.areaKm2, 2)}</td>
                    <td className="num">{child.level === "rt" ? "–" : formatInteger(child.childCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p className="map-status">Sumber batas: {area.source === "demo" ? "data contoh" : area.source === "turunan" ? "gabungan wilayah di bawahnya" : area.source}</p>
    </div>
  );
}
