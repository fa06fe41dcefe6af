import { readFile } from "node:fs/promises";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { serveAsAdmin } from "../helpers/admin-app";
import { expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { HAS_SHARED_DATA, SHARED_DATA } from "../helpers/shared-data";
import { ENGINES } from "../helpers/test-database";

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
});
