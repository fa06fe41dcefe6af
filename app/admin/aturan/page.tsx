import type { Metadata } from "next";

import { pageContext } from "@/lib/access/request";
import { listPrograms } from "@/lib/programs";
import { listExclusionRules, tunableSettings } from "@/lib/programs/rules";
import { SCENE_LABELS, SCREEN_SCENES, screenScenes } from "@/lib/screen";
import { TUNABLE_SETTINGS } from "@/lib/settings";

import { RemoveRule, RuleForm, ScenesForm, SettingForm } from "./client";

export const metadata: Metadata = { title: "Aturan" };

export default async function RulesPage() {
  const ctx = await pageContext("/admin/aturan", "manage_rules");
  const [rules, programs, settings, scenes] = await Promise.all([
    listExclusionRules({ ctx }),
    listPrograms({ ctx }),
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
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Program yang saling meniadakan</h2>
        <p>Rumah tangga yang menerima kedua program dalam satu jendela dihitung &ldquo;melanggar aturan&rdquo;.</p>
        <div className="table-wrap">
          <table className="data" data-testid="rules">
            <thead>
              <tr>
                <th scope="col">Program</th>
                <th scope="col">Tidak bersama</th>
                <th scope="col">Catatan</th>
                <th scope="col">Hapus</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.programs.join("+")}>
                  <td>{rule.programs[0]}</td>
                  <td>{rule.programs[1]}</td>
                  <td>{rule.note ?? ""}</td>
                  <td>
                    <RemoveRule programs={rule.programs} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Tambah aturan</h3>
        <RuleForm programs={programs.map((p) => ({ code: p.code, name: p.name }))} />
      </section>
    </div>
  );
}
