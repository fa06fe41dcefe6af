import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";

import { can, pageContext } from "@/lib/access";
import { homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { formatDateTime, formatInteger, formatRupiah } from "@/lib/format";
import { listPrograms } from "@/lib/programs";
import {
  adoptedScenariosInArea,
  compareScenarios,
  listScenarios,
  scenarioDetail,
  scenarioIdParam,
} from "@/lib/targeting";

import { AdoptControls, RecomputeButton } from "./adopt-controls";
import { ComparisonMap } from "./maps";
import { ScenarioPlanner } from "./planner";

export const metadata: Metadata = { title: "Sasaran tidak double" };

const searchParams = z.object({
  lihat: scenarioIdParam.optional().catch(undefined),
  a: scenarioIdParam.optional().catch(undefined),
  b: scenarioIdParam.optional().catch(undefined),
});

export default async function TargetingPage({ searchParams: raw }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await pageContext("/sasaran");
  const query = searchParams.parse(await raw);
  const adopted = await adoptedScenariosInArea({ ctx });
  const planner = can(ctx.actor, "plan_targeting");
  const lists = can(ctx.actor, "target_lists");
  const kabkota = await homeKabkotaCode(ctx);
  // The areas' names, within the account's scope: a lurah's own kelurahan, the whole city to planners.
  const areas = await listAreasOfKabkota({
    ctx,
    input: { kabkotaCode: kabkota, levels: ["kabkota", "kecamatan", "kelurahan"] },
  });
  const [programs, saved, detail, comparison] = planner
    ? await Promise.all([
        listPrograms({ ctx }),
        listScenarios({ ctx }),
        query.lihat ? scenarioDetail({ ctx, input: { id: query.lihat } }) : null,
        query.a && query.b ? compareScenarios({ ctx, input: { a: query.a, b: query.b } }) : null,
      ])
    : [[], [], null, null];
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  return (
    <div className="page">
      <h1>Sasaran tidak double</h1>
      <p>
        Pilih penerima program kota di antara rumah tangga yang belum dijangkau program pusat dan provinsi, dan
        bandingkan pilihan sebelum anggaran ditetapkan.
      </p>
      {adopted.length > 0 && (
        <section className="card" data-testid="adopted-in-area">
          <h2>Daftar yang ditetapkan di wilayah Anda</h2>
          {adopted.map((s) => (
            <div key={s.id}>
              <p>
                <strong>{s.program}</strong> · {s.name} (skenario #{s.id}, ditetapkan {formatDateTime(s.adopted_at)}):{" "}
                {formatInteger(s.selected)} rumah tangga di wilayah Anda.
              </p>
              {s.areas.length > 0 && (
                <table className="data">
                  <thead>
                    <tr>
                      <th>Kelurahan</th>
                      <th>Rumah tangga terpilih</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.areas.map((a) => (
                      <tr key={a.code ?? "-"}>
                        <td>{a.code ? (areaName.get(a.code) ?? a.code) : "Tidak diketahui"}</td>
                        <td>{formatInteger(a.selected)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </section>
      )}
      {!planner && adopted.length === 0 && (
        <p className="map-status">Belum ada daftar program kota yang ditetapkan untuk wilayah Anda.</p>
      )}
      {detail && (
        <section className="card" data-testid="scenario-detail">
          <h2>
            Skenario #{detail.id}: {detail.name}
          </h2>
          <p>
            {detail.scenario.program} · {areaName.get(detail.scenario.area) ?? detail.scenario.area} · sudah dijangkau
            bila menerima {detail.scenario.exclude_programs.join(", ")} pada {detail.scenario.covered_window.from} s.d.{" "}
            {detail.scenario.covered_window.to} · desil ≤ {detail.scenario.max_desil}
            {detail.scenario.require_verified ? " · terverifikasi" : ""}. Dihitung {formatDateTime(detail.created_at)}{" "}
            oleh {detail.created_by ?? "sistem"} (versi data {formatInteger(detail.data_version)}
            {detail.stale ? ", data sudah berubah sejak itu" : ""}).
          </p>
          <p>
            <strong>{formatInteger(detail.figures.selected)}</strong> dari {formatInteger(detail.figures.candidates)}{" "}
            kandidat terpilih
            {detail.figures.cost !== null && <> · biaya {formatRupiah(detail.figures.cost)}</>} · belum terjangkau:{" "}
            {formatInteger(detail.figures.eligible_uncovered_before)} →{" "}
            {formatInteger(detail.figures.eligible_uncovered_after)}
          </p>
          {detail.following && (
            <p data-testid="scenario-following">
              Sejak {detail.following.from}: {formatInteger(detail.following.listed_paid)} dari{" "}
              {formatInteger(detail.following.listed)} rumah tangga dalam daftar sudah dibayar;{" "}
              {formatInteger(detail.following.paid_outside)} dibayar di luar daftar;{" "}
              {formatInteger(detail.following.unmatched_receipts)} penerimaan tidak cocok dengan DTKS.
            </p>
          )}
          <RecomputeButton id={detail.id} name={detail.name} scenario={detail.scenario} />
          {lists && (
            <AdoptControls id={detail.id} adopted={Boolean(detail.adopted_at)} retired={Boolean(detail.retired_at)} />
          )}
        </section>
      )}
      {comparison && (
        <section className="card" data-testid="scenario-comparison">
          <h2>
            Perbandingan #{comparison.a.id} dan #{comparison.b.id}
          </h2>
          <p>
            A: {comparison.a.name}, {formatInteger(comparison.a.selected)} rumah tangga
            {comparison.a.cost !== null && `, ${formatRupiah(comparison.a.cost)}`}. B: {comparison.b.name},{" "}
            {formatInteger(comparison.b.selected)} rumah tangga
            {comparison.b.cost !== null && `, ${formatRupiah(comparison.b.cost)}`}. Di keduanya:{" "}
            {formatInteger(comparison.both)}.
          </p>
          <ComparisonMap kabkota={kabkota} areas={comparison.areas} />
          <table className="data" data-testid="comparison-table">
            <thead>
              <tr>
                <th>Kelurahan</th>
                <th>A</th>
                <th>B</th>
                <th>Keduanya</th>
                <th>Hilang (hanya A)</th>
                <th>Bertambah (hanya B)</th>
              </tr>
            </thead>
            <tbody>
              {comparison.areas.map((a) => (
                <tr key={a.code ?? "-"}>
                  <td>{a.code ? (areaName.get(a.code) ?? a.code) : "Tidak diketahui"}</td>
                  <td>{formatInteger(a.in_a)}</td>
                  <td>{formatInteger(a.in_b)}</td>
                  <td>{formatInteger(a.both)}</td>
                  <td>{formatInteger(a.lost)}</td>
                  <td>{formatInteger(a.gained)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {planner && (
        <>
          <ScenarioPlanner
            programs={programs.map((p) => ({ code: p.code, name: p.name, level: p.level }))}
            areas={areas.map((a) => ({ code: a.code, name: a.name, level: a.level }))}
            defaultProgram={programs.find((p) => p.level === "kabkota")?.code ?? programs[0]?.code ?? ""}
            withList={lists}
          />
          <section className="card" data-testid="saved-scenarios">
            <h2>Skenario tersimpan ({formatInteger(saved.length)})</h2>
            {saved.length ? (
              <form method="get" action="/sasaran">
                <table className="data">
                  <thead>
                    <tr>
                      <th>A</th>
                      <th>B</th>
                      <th>Skenario</th>
                      <th>Program</th>
                      <th>Terpilih</th>
                      <th>Biaya</th>
                      <th>Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {saved.map((s) => (
                      <tr key={s.id}>
                        <td>
                          <input type="radio" name="a" value={s.id} aria-label={`Skenario A: #${s.id}`} />
                        </td>
                        <td>
                          <input type="radio" name="b" value={s.id} aria-label={`Skenario B: #${s.id}`} />
                        </td>
                        <td>
                          <Link href={`/sasaran?lihat=${s.id}`}>
                            #{s.id} {s.name}
                          </Link>
                        </td>
                        <td>{s.scenario.program}</td>
                        <td>{formatInteger(s.figures.selected)}</td>
                        <td>{s.figures.cost === null ? "–" : formatRupiah(s.figures.cost)}</td>
                        <td>
                          {s.retired_at ? "Diganti" : s.adopted_at ? "Ditetapkan" : "Draf"}
                          {s.stale && " · data sudah berubah"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <button type="submit">Bandingkan A dan B</button>
              </form>
            ) : (
              <p className="map-status">Belum ada skenario tersimpan. Hitung lalu simpan skenario di atas.</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
