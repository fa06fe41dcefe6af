import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { formatInteger } from "@/lib/format";

import { serveAsAdmin } from "../helpers/admin-app";
import { expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { dtksFile } from "../helpers/import-files";
import { HAS_SHARED_DATA, SHARED_DATA } from "../helpers/shared-data";
import { ENGINES } from "../helpers/test-database";

/** Households of the import followed as a job: large enough that a reload lands in its middle. */
const JOB_HOUSEHOLDS = 30_000;

describe.each(ENGINES)("the import page /impor, served from %s", (engine) => {
  const served = serveAsAdmin(engine);
  const { get, newPage } = served;

  it("refuses a broken boundary file on the import page, then imports Bontang's kelurahan", async () => {
    const page = await newPage();
    await page.goto(`${served.app.baseUrl}/impor`);
    await page.locator("#boundary-file").setInputFiles({
      name: "rusak.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"64.74.01.1001"},"geometry":{"type":"Point","coordinates":[117.5,0.1]}}]}',
      ),
    });
    await page.getByRole("button", { name: "Impor batas wilayah" }).click();
    await expectText(page.locator("#boundary-result [role=alert]"), "geometri Point, harus Polygon atau MultiPolygon");

    if (HAS_SHARED_DATA) {
      await page.locator("#boundary-file").setInputFiles({
        name: "bontang-kelurahan.geojson",
        mimeType: "application/geo+json",
        buffer: await readFile(path.join(SHARED_DATA, "bontang-kelurahan.geojson")),
      });
      await page.getByRole("button", { name: "Impor batas wilayah" }).click();
      await expectText(page.locator("#boundary-result [role=status]"), "15 wilayah diimpor: 15 baru, 0 diperbarui.");
      const bontang = await (await get(`/api/boundaries/kelurahan?kabkota=64.74`)).json();
      expect(bontang.features).toHaveLength(15);
    }
    await page.close();
  });

  it("imports a DTKS file and a recipient list on the import page, showing rejected rows", async () => {
    const page = await newPage();
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/impor`);
    const dtks = [
      "id_dtks,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,kode_kelurahan,rw,rt,desil,status_verval",
      "UJI-1,6472051203150007,6472051708850003,Ahmad Uji,17-08-1985,L,kepala keluarga,64.72.05.1004,1,2,3,terverifikasi",
      "UJI-1,6472051203150007,6472055708870004,Siti Uji,17-08-1987,P,istri,64.72.05.1004,1,2,3,terverifikasi",
      "UJI-2,6472051203150015,6472050101500001,Kode Salah,01-01-1950,L,kepala keluarga,64.72.05.9999,1,1,2,belum",
    ].join("\n");
    await page
      .locator("#dtks-file")
      .setInputFiles({ name: "uji-dtks.csv", mimeType: "text/csv", buffer: Buffer.from(dtks) });
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    const status = page.locator("#dtks-result [role=status]");
    await expectText(status, "1 rumah tangga (1 baru, 0 berubah), 2 anggota.");
    await expectText(status, "1 baris ditolak");
    await expectText(status, 'Baris 4: kode_kelurahan "64.72.05.9999" bukan kelurahan yang dikenal');

    await page.locator("#penerima-file").setInputFiles({
      name: "uji-pkh.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("nik,nominal,kode_kelurahan\n6472051708850003,750000,64.72.05.1004\n"),
    });
    await page.getByLabel("Program (jika tidak ada kolom program)").selectOption("PKH");
    await page.getByLabel("Periode (jika tidak ada kolom periode)").fill("2025-10");
    await page.getByRole("button", { name: "Impor daftar penerima" }).click();
    await expectText(page.locator("#penerima-result [role=status]"), "1 penerimaan — 1 cocok lewat NIK");

    // The Excel template, downloaded from the page and uploaded back as it is, imports.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#dtks-title + p").getByRole("link", { name: "Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("templat-dtks.xlsx");
    const template = await readFile((await download.path())!);
    await page
      .locator("#dtks-file")
      .setInputFiles({ name: "templat-dtks.xlsx", mimeType: "application/octet-stream", buffer: template });
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    await expectText(status, "1 rumah tangga (1 baru, 0 berubah), 2 anggota.");
    await page.screenshot({ path: path.join(SCREENSHOTS, `impor-${engine}.png`), fullPage: true });
    expect(watched.errors).toEqual([]);
    await page.close();
  });
  it("shows a partial import as partial, names the lines of an unknown program, and keeps both in Riwayat impor", async () => {
    const page = await newPage();
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/impor`);
    const dtks = [
      "id_dtks,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,kode_kelurahan,rw,rt,desil,status_verval",
      "UJI-7,6472051203150077,6472051708850077,Budi Sebagian,17-08-1985,L,kepala keluarga,64.72.05.1004,1,2,3,terverifikasi",
      "UJI-8,6472051203150088,6472050101500088,Kode Keliru,01-01-1950,L,kepala keluarga,64.72.05.9999,1,1,2,belum",
    ].join("\n");
    await page
      .locator("#dtks-file")
      .setInputFiles({ name: "uji-sebagian.csv", mimeType: "text/csv", buffer: Buffer.from(dtks) });
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    const status = page.locator("#dtks-result [role=status]");
    await expectText(status, "Sebagian diimpor: 1 baris ditolak");
    // Amber, not the green of a whole success.
    expect(await status.getAttribute("class")).toBe("notice-partial");

    // A recipient list naming an unknown program is refused whole, naming its lines.
    await page.locator("#penerima-file").setInputFiles({
      name: "uji-program-asing.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "nik,program,periode,nominal,kode_kelurahan\n6472051708850077,PKH,2025-10,1,64.72.05.1004\n" +
          "6472051708850077,BANSOS-X,2025-10,1,64.72.05.1004\n",
      ),
    });
    await page.getByRole("button", { name: "Impor daftar penerima" }).click();
    const refusal = page.locator("#penerima-result [role=alert]");
    await expectText(refusal, '"BANSOS-X": baris 3');

    // The partial batch's page: its outcome, the refused line with its field, the NIK masked.
    await status.getByRole("link", { name: "Riwayat impor" }).click();
    await page.waitForURL(/\/impor\/riwayat\/\d+$/);
    await expectText(page.getByTestId("hasil-impor"), "Sebagian: ada baris ditolak");
    const rows = page.getByTestId("baris-ditolak").locator("tbody tr");
    expect(await rows.count()).toBe(1);
    await expectText(rows.first(), "kode_kelurahan");
    await expectText(rows.first(), "6472************");
    const text = await page.locator("main, body").first().innerText();
    expect(text).not.toMatch(/\d{16}/);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Unduh CSV" }).click(),
    ]);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv).toContain('"3","kode_kelurahan"');
    expect(csv).not.toMatch(/\d{16}/);

    // The history lists both, each with its own outcome.
    await page.goto(`${served.app.baseUrl}/impor/riwayat`);
    const history = page.getByTestId("riwayat-impor");
    const partial = history.locator("tr", { hasText: "uji-sebagian.csv" });
    expect(await partial.getAttribute("data-outcome")).toBe("sebagian");
    const refused = history.locator("tr", { hasText: "uji-program-asing.csv" });
    expect(await refused.getAttribute("data-outcome")).toBe("ditolak");
    await refused.getByRole("link", { name: "uji-program-asing.csv" }).click();
    await expectText(page.getByTestId("baris-ditolak"), 'program "BANSOS-X" tidak dikenal');
    await page.screenshot({ path: path.join(SCREENSHOTS, `riwayat-impor-${engine}.png`), fullPage: true });
    // The refusal is the job's result, shown on the page: no request failed.
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("runs a large DTKS import as a job: steps and a bar that survive a reload in the middle, then the report", async () => {
    const page = await newPage();
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/impor`);
    await page.locator("#dtks-file").setInputFiles({
      name: "dtks-pekerjaan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(dtksFile("JOB-", JOB_HOUSEHOLDS)),
    });
    const answered = page.waitForResponse((r) => r.url().endsWith("/api/import/dtks"));
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    // The upload answers at once with the job, before any row is written.
    expect((await answered).status()).toBe(202);
    const job = page.locator("#dtks-result").getByTestId("import-job");
    await job.locator('li[data-step="membaca"][data-state="selesai"]').waitFor({ timeout: 60_000 });
    const before = await job.getAttribute("data-status");
    // On the embedded database the page still hears of the job between the import's statements,
    // and says that other pages wait while its transaction holds the one connection.
    if (engine === "pglite") await expectText(job.getByRole("note"), "halaman lain menunggu");

    await page.reload();
    // The page finds its job again: the steps done so far, the bar, and what is still to come.
    const again = page.locator("#dtks-result").getByTestId("import-job");
    await again.waitFor({ timeout: 120_000 });
    const afterReload = {
      status: await again.getAttribute("data-status"),
      done: await again.locator('li[data-state="selesai"]').count(),
      bar: Number(await again.getByRole("progressbar", { name: "Kemajuan impor" }).getAttribute("value")),
    };
    console.log(`[e2e] ${engine}: job ${before} before the reload, after it ${JSON.stringify(afterReload)}`);
    expect(before).toBe("berjalan");
    // The server renders the reloaded page while the job runs. On the embedded database the page
    // waits for the import's transaction, and the job may end before it is rendered.
    if (engine === "postgres") expect(afterReload.status).toBe("berjalan");
    expect(afterReload.done).toBeGreaterThanOrEqual(1);
    expect(afterReload.bar).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, `impor-pekerjaan-berjalan-${engine}.png`), fullPage: true });

    await page.locator('#dtks-result [data-testid="import-job"][data-status="selesai"]').waitFor({ timeout: 600_000 });
    const steps = await again
      .locator("li")
      .evaluateAll((items) => items.map((li) => [li.getAttribute("data-step"), li.getAttribute("data-state")]));
    expect(steps).toEqual(
      ["membaca", "memeriksa", "memuat", "menulis", "menempatkan", "mencocokkan", "angka"].map((step) => [
        step,
        "selesai",
      ]),
    );
    await expectText(
      again.locator('[data-step="memeriksa"]'),
      `(${formatInteger(2 * JOB_HOUSEHOLDS)}/${formatInteger(2 * JOB_HOUSEHOLDS)})`,
    );
    expect(await again.getByRole("progressbar", { name: "Kemajuan impor" }).getAttribute("value")).toBe("1");
    await expectText(
      page.locator("#dtks-result [role=status]"),
      `${formatInteger(JOB_HOUSEHOLDS)} rumah tangga (${formatInteger(JOB_HOUSEHOLDS)} baru, 0 berubah)`,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, `impor-pekerjaan-selesai-${engine}.png`), fullPage: true });
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 900_000);

  it("imports a DTSEN release through a column mapping set on the page, saves it, and reuses it after a reload", async () => {
    const page = await newPage();
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/impor`);
    const header = "NO_KEL,NIK_ART,NAMA_ART,KODE_DESA_BPS,PERINGKAT_DESIL,STATUS_VERVAL";
    const file = (desil: number) =>
      Buffer.from(
        [
          header,
          `RILIS-1,6472051708850011,Ahmad Rilis,64.72.05.1004,${desil},terverifikasi`,
          `RILIS-1,6472055708870011,Siti Rilis,64.72.05.1004,${desil},terverifikasi`,
        ].join("\n"),
      );
    const status = page.locator("#dtks-result [role=status]");
    const chooseFile = async (name: string, desil: number) => {
      const columnsRead = page.waitForResponse((r) => r.url().endsWith("/api/import/kolom"));
      await page.locator("#dtks-file").setInputFiles({ name, mimeType: "text/csv", buffer: file(desil) });
      expect((await columnsRead).status()).toBe(200);
    };

    // Its own headers, mapped by hand from the file's columns.
    await chooseFile("dtsen-2025-q2.csv", 3);
    await page.getByLabel("Kolom berkas", { exact: true }).selectOption("atur");
    for (const [column, fileHeader] of [
      ["id_dtks", "NO_KEL"],
      ["nik", "NIK_ART"],
      ["kode_kelurahan", "KODE_DESA_BPS"],
    ])
      await page.getByLabel(`Kolom berkas untuk ${column}`).selectOption(fileHeader!);
    // Read without a mapping: nama_art and peringkat_desil are names the format knows.
    expect(await page.getByLabel("Kolom berkas untuk nama").inputValue()).toBe("NAMA_ART");
    expect(await page.getByLabel("Kolom berkas untuk desil").inputValue()).toBe("PERINGKAT_DESIL");
    // The demo holds releases up to 2025-Q3: an older one is recorded beside the register, which
    // it leaves as it was (its one household is not in the register, so it counts none).
    await page.getByLabel("Rilis DTSEN (opsional)").fill("2025-Q2");
    await page.getByLabel("Tanggal rilis").fill("2025-06-16");
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    await expectText(status, "Rilis lama 2025-Q2");
    await expectText(status, "dicatat tanpa mengubah register: 0 rumah tangga");
    await expectText(status, "1 rumah tangga rilis 2025-Q2 tidak ada lagi di register");

    // The next release's file, with the same mapping, saved for the files after it.
    await chooseFile("dtsen-2025-q4.csv", 3);
    await page.getByLabel("Simpan pemetaan ini sebagai (opsional)").fill("DTSEN Kemensos");
    await page.getByLabel("Rilis DTSEN (opsional)").fill("2025-Q4");
    await page.getByLabel("Tanggal rilis").fill("2025-12-01");
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    await expectText(status, "1 rumah tangga (1 baru, 0 berubah), 2 anggota.");
    await expectText(status, /Rilis 2025-Q4 \(1 Des(ember)? 2025\): 1 rumah tangga tercatat/);

    // After a reload the saved mapping is offered; a second file of the same release changes the desil.
    await page.reload();
    await chooseFile("dtsen-2025-q4-koreksi.csv", 5);
    await page
      .getByLabel("Kolom berkas", { exact: true })
      .selectOption({ label: "Pemetaan tersimpan: DTSEN Kemensos" });
    await page.getByLabel("Rilis DTSEN (opsional)").fill("2025-Q4");
    await page.getByLabel("Tanggal rilis").fill("2025-12-01");
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    await expectText(status, "1 rumah tangga (0 baru, 1 berubah), 2 anggota.");
    const presets = (await (await get("/api/import/pemetaan")).json()) as {
      presets: Array<{ name: string; columns: object }>;
    };
    expect(presets.presets.map((p) => [p.name, p.columns])).toEqual([
      [
        "DTSEN Kemensos",
        {
          id_dtks: "NO_KEL",
          nik: "NIK_ART",
          nama: "NAMA_ART",
          desil: "PERINGKAT_DESIL",
          kode_kelurahan: "KODE_DESA_BPS",
          status_verval: "STATUS_VERVAL",
        },
      ],
    ]);
    const { releases } = (await (await get("/api/rilis")).json()) as {
      releases: Array<{ name: string; households: number }>;
    };
    expect(releases.at(-1)).toMatchObject({ name: "2025-Q4", households: 1 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `impor-rilis-${engine}.png`), fullPage: true });
    expect(watched.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.close();
  });
});
