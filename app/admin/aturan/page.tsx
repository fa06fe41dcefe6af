import type { Metadata } from "next";

import { pageContext } from "@/lib/access";
import { listProgramPairs, listProgramRecords, PAIR_STATE_LABELS, PAIR_STATES, PROGRAM_LEVELS } from "@/lib/programs";
import { SCENE_LABELS, SCREEN_SCENES, screenScenes } from "@/lib/screen";
import { TUNABLE_SETTINGS, tunableSettings } from "@/lib/settings";

import { PairForm, ProgramForm, ScenesForm, SettingForm } from "./client";

export const metadata: Metadata = { title: "Aturan" };

export default async function RulesPage() {
  const ctx = await pageContext("/admin/aturan", "manage_rules");
  const [programs, pairs, settings, scenes] = await Promise.all([
    listProgramRecords({ ctx }),
    listProgramPairs({ ctx }),
    tunableSettings({ ctx }),
    screenScenes({ ctx }),
  ]);
  return (
    <div className="page">
      <h1>Aturan dan setelan analisis</h1>
      <p>Setiap perubahan tercatat di log audit dan langsung berlaku pada hitungan berikutnya.</p>
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title" style={{ marginTop: 0 }}>
          Setelan
        </h2>
        {(Object.keys(TUNABLE_SETTINGS) as Array<keyof typeof TUNABLE_SETTINGS>).map((key) => (
          <SettingForm
            key={key}
            settingKey={key}
            label={TUNABLE_SETTINGS[key].label}
            value={settings[key]}
            min={TUNABLE_SETTINGS[key].min}
            max={TUNABLE_SETTINGS[key].max}
          />
        ))}
      </section>
      <section className="card" aria-labelledby="scenes-title">
        <h2 id="scenes-title" style={{ marginTop: 0 }}>
          Adegan Layar Komando
        </h2>
        <p>Centang adegan yang diputar dan isi urutannya; lama tiap adegan diatur di Setelan.</p>
        <ScenesForm scenes={SCREEN_SCENES.map((key) => ({ key, label: SCENE_LABELS[key] }))} chosen={scenes} />
      </section>
      <section className="card" aria-labelledby="programs-title">
        <h2 id="programs-title" style={{ marginTop: 0 }}>
          Program bantuan
        </h2>
        <p>
          Program kota dan provinsi ditambahkan di sini; setelah itu daftar penerimanya dapat diimpor, pasangannya
          diatur di bawah, dan penerimanya dipilih di Sasaran.
        </p>
        {programs.map((program) => (
          <details key={program.code}>
            <summary>
              {program.code} · {program.name} ({program.level}
              {program.active ? "" : ", nonaktif"})
            </summary>
            <ProgramForm program={program} levels={[...PROGRAM_LEVELS]} />
          </details>
        ))}
        <h3>Tambah program</h3>
        <ProgramForm levels={[...PROGRAM_LEVELS]} />
      </section>
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Pasangan program</h2>
        <p>
          Rumah tangga yang menerima dua program dalam satu jendela dihitung &ldquo;bertumpuk&rdquo; bila pasangan itu
          tidak <strong>pelengkap</strong> (melanggar aturan atau belum diatur), dan &ldquo;melanggar aturan&rdquo; bila
          pasangan itu dilarang bersama. Pasangan pelengkap adalah paket yang memang dimaksud, seperti PKH dengan
          BPNT/Sembako.
        </p>
        <div className="table-wrap">
          <table className="data pairs" data-testid="rules">
            <thead>
              <tr>
                <th scope="col">Pasangan</th>
                <th scope="col">Status dan catatan</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((pair) => (
                <tr key={pair.programs.join("+")} data-pair={pair.programs.join("+")}>
                  <th scope="row">
                    {pair.programs[0]} + {pair.programs[1]}
                  </th>
                  <td>
                    <PairForm
                      programs={pair.programs}
                      state={pair.state}
                      note={pair.note}
                      states={PAIR_STATES.map((state) => ({ value: state, label: PAIR_STATE_LABELS[state] }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
