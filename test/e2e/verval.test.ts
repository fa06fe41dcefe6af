import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { readTable } from "@/lib/imports";

import { signedInPage, signIn } from "../helpers/accounts";
import { serveAsAdmin } from "../helpers/admin-app";
import { expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { ENGINES } from "../helpers/test-database";

const WINDOW = "from=2025-01&to=2025-12";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** Where the operator's phone says it stands: in Sungai Siring. */
const FIELD = { latitude: -0.4489, longitude: 117.1563 };
/** A 64×48 JPEG, with an Exif segment spliced in that names a GPS position: the server must drop it. */
const PLAIN_JPEG = Buffer.from(
  "/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFgEBAQEAAAAAAAAAAAAAAAAAAAUG/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AlgJzTgAAAAAAAAAAAAAAAAAAAAAP/9k=",
  "base64",
);
/** A scanned berita acara as far as the app checks it: a PDF header and trailer. */
const MINUTES_PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
const KELURAHAN = "64.72.05.1004";
function photoWithGps(): Buffer {
  const payload = Buffer.from("Exif\0\0GPSLatitude -0.4489 GPSLongitude 117.1563");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.length + 2);
  return Buffer.concat([PLAIN_JPEG.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, PLAIN_JPEG.subarray(2)]);
}

describe.each(ENGINES)(
  "verval on a phone: suggestion → proposal → lurah → Dinas Sosial → register, served from %s",
  (engine) => {
    const served = serveAsAdmin(engine);
    const { get } = served;
    const json = async (route: string) => (await get(route)).json();
    const stateOf = (page: Page) => page.getByTestId("proposal-state");

    it("takes a 'meninggal masih menerima' suggestion from the operator's phone to the register, and the figures follow", async () => {
      const { app, browser } = served;
      const operator = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "operator"), {
        ...PHONE,
        geolocation: FIELD,
        permissions: ["geolocation"],
      });
      const watched = watchPage(operator, app.baseUrl);
      // Every script the phone loads, gzipped as it would travel: the form route's weight is measured, not guessed.
      const scripts = new Map<string, number>();
      operator.on("response", async (response) => {
        if (response.request().resourceType() !== "script") return;
        const body = await response.body().catch(() => null);
        if (body) scripts.set(response.url(), gzipSync(body).length);
      });
      const weightOf = async (route: string) => {
        scripts.clear();
        await operator.goto(`${app.baseUrl}${route}`, { waitUntil: "networkidle" });
        return [...scripts.values()].reduce((sum, size) => sum + size, 0);
      };
      await operator.goto(`${app.baseUrl}/tugas`);
      const deceased = operator.getByTestId("suggestions-meninggal_dibayar").getByTestId("suggestion").first();
      await deceased.waitFor();
      await operator.screenshot({
        path: path.join(SCREENSHOTS, `tugas-operator-ponsel-${engine}.png`),
        fullPage: true,
      });
      const householdHref = (await deceased.getByRole("link").first().getAttribute("href"))!;
      const householdId = Number(householdHref.split("/").pop());
      const before = {
        city: await json(`/api/areas/64.72/summary?${WINDOW}`),
        household: await json(`/api/households/${householdId}?${WINDOW}`),
      };
      const deceasedMember = before.household.members.find((m: { death_date: string | null }) => m.death_date);

      const suggestionKey = new URL(
        (await deceased.getByRole("link", { name: "Buat usulan" }).getAttribute("href"))!,
        app.baseUrl,
      ).searchParams.get("saran")!;
      const weight = {
        tugas: await weightOf("/tugas"),
        form: await weightOf(`/usulan/baru?saran=${encodeURIComponent(suggestionKey)}`),
      };
      // Kept beside the screenshots for the record (the closing note quotes it).
      await writeFile(path.join(SCREENSHOTS, `js-weight-${engine}.json`), JSON.stringify(weight));
      expect(weight.form).toBeLessThanOrEqual(150 * 1024);
      await operator.locator('[data-testid=proposal-form][data-ready="true"]').waitFor();
      await operator.getByLabel("Nama ketua RT").fill("Ketua RT Uji");
      await operator.getByRole("button", { name: "Ambil lokasi ponsel" }).click();
      await expectText(operator.getByTestId("location"), `${FIELD.latitude.toFixed(5)}, ${FIELD.longitude.toFixed(5)}`);
      await operator.getByLabel("Jenis foto").selectOption("rumah");
      await operator
        .getByTestId("photo-input")
        .setInputFiles({ name: "rumah.jpg", mimeType: "image/jpeg", buffer: photoWithGps() });
      await expectText(operator.getByTestId("photo-list"), "rumah.jpg");
      await operator.screenshot({ path: path.join(SCREENSHOTS, `usulan-form-ponsel-${engine}.png`), fullPage: true });
      await operator.getByRole("button", { name: "Simpan & ajukan ke lurah" }).click();
      await operator.waitForURL(/\/usulan\/\d+$/);
      const id = Number(operator.url().split("/").pop());
      await expectText(stateOf(operator), "Diajukan ke lurah");
      await expectText(operator.getByTestId("proposal-location"), FIELD.latitude.toFixed(5));

      // The photo is stored without its GPS position.
      const detail = await json(`/api/usulan/${id}`);
      expect(detail.photos).toHaveLength(1);
      const photo = Buffer.from(await (await get(`/api/usulan/${id}/foto/${detail.photos[0].id}`)).arrayBuffer());
      expect(photo.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(photo.includes("GPSLatitude")).toBe(false);

      // The lurah finds it waiting and approves it.
      const lurah = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "lurah"), PHONE);
      await lurah.goto(`${app.baseUrl}/tugas`);
      await expectText(lurah.getByRole("link", { name: /^Tugas \(\d+\)$/ }), "Tugas");
      await lurah
        .getByTestId("tasks-waiting")
        .getByRole("link", { name: new RegExp(`^#${id} `) })
        .click();
      await lurah.locator('[data-testid=proposal-actions][data-ready="true"]').waitFor();
      await lurah.getByRole("button", { name: "Setujui" }).click();
      await expectText(stateOf(lurah), "Disetujui lurah");

      // Dinas Sosial verifies and applies it.
      const dinsos = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "dinsos"), {
        viewport: { width: 1366, height: 900 },
      });
      await dinsos.goto(`${app.baseUrl}/usulan/${id}`);
      await dinsos.getByRole("button", { name: "Verifikasi" }).click();
      await expectText(stateOf(dinsos), "Diverifikasi Dinsos");
      await dinsos.getByRole("button", { name: "Terapkan ke data" }).click();
      await expectText(stateOf(dinsos), "Diterapkan");
      await dinsos.screenshot({
        path: path.join(SCREENSHOTS, `usulan-diterapkan-desktop-${engine}.png`),
        fullPage: true,
      });

      // The register changed as the proposal said, with the proposal named as its source.
      const after = await json(`/api/households/${householdId}?${WINDOW}`);
      const applied = detail.kind === "nonaktif";
      expect(after.status).toBe(applied ? "nonaktif" : before.household.status);
      expect(after.verval_status).toBe("terverifikasi");
      expect(after.members.find((m: { name: string }) => m.name === deceasedMember.name).death_date).toBe(
        detail.change.death_date ?? detail.change.members[0].death_date,
      );
      expect(after.history[0].source).toMatch(
        new RegExp(
          `^diterapkan dari usulan #${id}, diverifikasi oleh Verifikator Dinas Sosial Samarinda \\(contoh\\) pada `,
        ),
      );
      await operator.goto(`${app.baseUrl}/rumah-tangga/${householdId}?${WINDOW}`);
      await expectText(operator.getByTestId("history-entry").first(), `diterapkan dari usulan #${id}`);
      await expectText(operator.getByTestId("household-proposals"), "Diterapkan");
      await operator.screenshot({
        path: path.join(SCREENSHOTS, `rumah-tangga-sumber-ponsel-${engine}.png`),
        fullPage: true,
      });

      // The city's figures follow the household's: it counts as eligible exactly when its own explanation says so.
      const city = await json(`/api/areas/64.72/summary?${WINDOW}`);
      expect(city.households).toBe(before.city.households);
      expect(city.eligible_households - before.city.eligible_households).toBe(
        Number(after.counts_as.eligible) - Number(before.household.counts_as.eligible),
      );
      expect(city.inclusion_errors.nonaktif - before.city.inclusion_errors.nonaktif).toBe(
        applied ? after.receipts.filter((r: { in_window: boolean }) => r.in_window).length : 0,
      );
      // On the map the proposal stands where the operator stood, in the colour of an applied one.
      await dinsos.goto(`${app.baseUrl}/peta`);
      await dinsos.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
      await expectText(dinsos.locator('[data-testid=proposal-legend] [data-state="diterapkan"]'), "Diterapkan: 1");
      const points = await json("/api/usulan/peta");
      expect(points.features.find((f: { properties: { id: number } }) => f.properties.id === id)).toEqual({
        type: "Feature",
        geometry: { type: "Point", coordinates: [FIELD.longitude, FIELD.latitude] },
        properties: { id, state: "diterapkan", kind: detail.kind },
      });
      await dinsos.screenshot({ path: path.join(SCREENSHOTS, `peta-usulan-desktop-${engine}.png`) });

      // The kelurahan's page counts it among the applied.
      await operator.goto(`${app.baseUrl}/wilayah/64.72.05.1004?${WINDOW}`);
      await expectText(operator.getByTestId("verval-counts"), "Diterapkan (30 hari): 1");

      // The suggestion is taken: it is not offered again.
      await operator.goto(`${app.baseUrl}/tugas`);
      expect(await operator.locator(`a[href="${householdHref}"]`).count()).toBe(0);
      expect(watched.errors).toEqual([]);
      expect(watched.foreignRequests).toEqual([]);
      for (const page of [operator, lurah, dinsos]) await page.close();
    });
    it("takes a new household picked on the map through a muskel to the register, turns a Dukcapil list into a suggestion and exports for SIKS-NG", async () => {
      const { app, browser } = served;
      const operator = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "operator"), PHONE);
      const watched = watchPage(operator, app.baseUrl);
      await operator.goto(`${app.baseUrl}/usulan/baru?jenis=baru`);
      await operator.locator('[data-testid=proposal-form][data-ready="true"]').waitFor();
      await operator.getByLabel("Kelurahan").selectOption(KELURAHAN);
      await operator.getByLabel("Nama", { exact: true }).fill("Ibu Rumah Baru");
      await operator.getByLabel("Nama ketua RT").fill("Ketua RT Uji");
      // The geotag picked on a map of the kelurahan (the operator is at the office, not at the house).
      await operator.getByTestId("pick-on-map").click();
      const picker = operator.locator('[data-testid=location-picker][data-map-ready="true"]');
      await picker.waitFor({ timeout: 60_000 });
      const drawn = await operator.evaluate(() => {
        const map = (
          window as unknown as { __tepatPickerMap: { getLayer(id: string): unknown; getCanvas(): HTMLCanvasElement } }
        ).__tepatPickerMap;
        return { layer: Boolean(map.getLayer("picker-kelurahan-line")), width: map.getCanvas().width };
      });
      expect(drawn.layer).toBe(true);
      expect(drawn.width).toBeGreaterThan(0);
      const box = (await picker.boundingBox())!;
      await operator.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expectText(operator.getByTestId("location"), "dipilih di peta");
      const picked = /Lokasi: (-?\d+\.\d+, -?\d+\.\d+)/.exec(
        (await operator.getByTestId("location").textContent())!,
      )![1]!;
      await operator.getByLabel("Jadikan geotag rumah").check();
      await operator.screenshot({
        path: path.join(SCREENSHOTS, `usulan-baru-peta-ponsel-${engine}.png`),
        fullPage: true,
      });
      await operator.getByRole("button", { name: "Simpan & ajukan ke lurah" }).click();
      await operator.waitForURL(/\/usulan\/\d+$/);
      const id = Number(operator.url().split("/").pop());
      await expectText(operator.getByTestId("proposal-location"), picked);

      // The lurah cannot approve a new household before a muskel; records one with its berita acara, then approves.
      const lurah = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "lurah"), PHONE);
      await lurah.goto(`${app.baseUrl}/usulan/${id}`);
      await expectText(lurah.getByTestId("proposal-muskel"), "Belum dibahas");
      await lurah.locator('[data-testid=proposal-actions][data-ready="true"]').waitFor();
      await lurah.getByRole("button", { name: "Setujui" }).click();
      await expectText(lurah.getByTestId("action-error"), "musyawarah kelurahan");
      await lurah.goto(`${app.baseUrl}/muskel`);
      await lurah.locator('[data-testid=muskel-form][data-ready="1"]').waitFor();
      await lurah.getByLabel("Tanggal muskel").fill("2026-11-25");
      await lurah.getByLabel("Jumlah hadir").fill("31");
      await lurah
        .getByLabel("Berita acara (PDF, paling besar 10 MB)")
        .setInputFiles({ name: "berita-acara.pdf", mimeType: "application/pdf", buffer: MINUTES_PDF });
      await expect(lurah.getByRole("checkbox", { name: new RegExp(`^#${id} `) }).isChecked()).resolves.toBe(true);
      await lurah.getByRole("button", { name: "Simpan muskel" }).click();
      await expectText(lurah.getByTestId("muskel-list"), `#${id}`);
      await lurah.screenshot({ path: path.join(SCREENSHOTS, `muskel-ponsel-${engine}.png`), fullPage: true });
      await lurah.goto(`${app.baseUrl}/usulan/${id}`);
      await expectText(lurah.getByTestId("proposal-muskel"), "31 orang hadir");
      await lurah.locator('[data-testid=proposal-actions][data-ready="true"]').waitFor();
      await lurah.getByRole("button", { name: "Setujui" }).click();
      await expectText(stateOf(lurah), "Disetujui lurah");

      const dinsos = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "dinsos"), {
        viewport: { width: 1366, height: 900 },
        acceptDownloads: true,
      });
      await dinsos.goto(`${app.baseUrl}/usulan/${id}`);
      await dinsos.getByRole("button", { name: "Verifikasi" }).click();
      await expectText(stateOf(dinsos), "Diverifikasi Dinsos");
      await dinsos.getByRole("button", { name: "Terapkan ke data" }).click();
      await expectText(stateOf(dinsos), "Diterapkan");
      const household = await json(`/api/households/${(await json(`/api/usulan/${id}`)).household_id}?${WINDOW}`);
      expect(household.dtks_id).toBe(`TEPAT-${id}`);
      // The picked point became the household's geotag and was placed in the polygons.
      expect(["sesuai", "tidak_sesuai"]).toContain(household.location_status);

      // Dinas Sosial brings in a Dukcapil list naming a living member of the register: it becomes a suggestion.
      const known = (await json(`/api/areas/${KELURAHAN}/households?list=stacked&${WINDOW}`)).households[0];
      const revealed = await fetch(`${app.baseUrl}/api/households/${known.id}/nik`, {
        method: "POST",
        headers: { cookie: await signIn(app.baseUrl, "operator"), origin: app.baseUrl },
      }).then((r) => r.json());
      const living = revealed.members.find(
        (m: { nik: string | null; death_date: string | null }) => m.nik && /^\d{16}$/.test(m.nik) && !m.death_date,
      );
      await dinsos.goto(`${app.baseUrl}/impor`);
      await dinsos.locator("#dukcapil-file").setInputFiles({
        name: "dukcapil-november.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(
          `nik;nama;peristiwa;tanggal;tujuan\n${living.nik};${living.name};meninggal;2026-11-03;\n123;X;lahir;2026-11-03;\n`,
        ),
      });
      await dinsos.getByRole("button", { name: "Impor peristiwa Dukcapil" }).click();
      await expectText(dinsos.locator("#dukcapil-result"), "1 peristiwa (1 baru), 1 cocok");
      await expectText(dinsos.locator("#dukcapil-result"), "Baris 3");
      await dinsos.goto(`${app.baseUrl}/tugas`);
      await expectText(dinsos.getByTestId("suggestions-dukcapil_meninggal"), living.name);

      // The SIKS-NG file, downloaded from /tugas, carries the applied proposal with NIKs masked.
      const [download] = await Promise.all([
        dinsos.waitForEvent("download"),
        dinsos.getByTestId("siksng-export").getByRole("link", { name: "Excel" }).click(),
      ]);
      const { readFile } = await import("node:fs/promises");
      const table = readTable(download.suggestedFilename(), await readFile((await download.path())!));
      const column = (name: string) => table.headers.indexOf(name);
      const row = table.rows.find((r) => r.cells[column("id_usulan")] === String(id))!;
      expect(row.cells[column("jenis_usulan")]).toBe("baru");
      expect(row.cells[column("nama")]).toBe("Ibu Rumah Baru");
      expect(row.cells[column("tgl_muskel")]).toBe("2026-11-25");
      expect(table.rows.some((r) => /^\d{16}$/.test(r.cells[column("nik")] ?? ""))).toBe(false);
      await dinsos.screenshot({ path: path.join(SCREENSHOTS, `tugas-dinsos-desktop-${engine}.png`), fullPage: true });
      expect(watched.errors).toEqual([]);
      expect(watched.foreignRequests).toEqual([]);
      for (const page of [operator, lurah, dinsos]) await page.close();
    });
  },
);
