import { readFile } from "node:fs/promises";
import path from "node:path";

import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { readTable } from "@/lib/imports";

import { signedInPage, signIn } from "../helpers/accounts";
import { serveAsAdmin } from "../helpers/admin-app";
import { expectCount, expectExactText, expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { readPdf } from "../helpers/pdf";
import { ENGINES } from "../helpers/test-database";

describe.each(ENGINES)(
  "the area pages /wilayah, their lists, households and search, and the analytics API, served from %s",
  (engine) => {
    const served = serveAsAdmin(engine);
    const { get, newPage } = served;

    it("drills from the city to a kecamatan to a kelurahan with breadcrumbs back up", async () => {
      const page = await newPage();
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/wilayah`);
      await expectExactText(page.getByRole("heading", { level: 1 }), "Kota Samarinda");
      await expectCount(page.locator("[data-testid=children-table] tbody tr"), 10);
      await page.getByTestId("children-table").getByRole("link", { name: "Samarinda Utara", exact: true }).click();
      await expectExactText(page.getByRole("heading", { level: 1 }), "Kecamatan Samarinda Utara");
      await page.getByTestId("children-table").getByRole("link", { name: "Sungai Siring", exact: true }).click();
      await expectExactText(page.getByRole("heading", { level: 1 }), "Kelurahan Sungai Siring");
      // The figures stream in behind the heading.
      await page.getByTestId("children-table").waitFor();
      const rtRows = await page.locator("[data-testid=children-table] tbody tr").count();
      expect(rtRows).toBeGreaterThan(3);
      // The RT's figures as a map file: one outlined feature per RT row with an outline, figures as properties.
      const geojsonLink = page.getByTestId("children-export").getByRole("link", { name: "GeoJSON (peta)" });
      const [download] = await Promise.all([page.waitForEvent("download"), geojsonLink.click()]);
      expect(download.suggestedFilename()).toMatch(/^angka-wilayah-64\.72\.05\.1004-\d{4}-\d{2}-\d{4}-\d{2}\.geojson$/);
      const collection = JSON.parse(await readFile((await download.path())!, "utf8"));
      expect(collection.type).toBe("FeatureCollection");
      expect(collection.features.length).toBeGreaterThan(3);
      expect(collection.features.length).toBeLessThanOrEqual(rtRows);
      expect(collection.features[0].properties).toMatchObject({ tingkat: "rt", rumah_tangga: expect.any(Number) });
      // Down to an RT: its own figures, and the kelurahan one step up in the breadcrumbs.
      await page.locator("[data-testid=children-table] tbody tr td a").first().click();
      await expectText(page.getByRole("heading", { level: 1 }), "RT");
      await expectText(page.getByRole("navigation", { name: "Jejak wilayah" }), "Sungai Siring");
      await page
        .getByRole("navigation", { name: "Jejak wilayah" })
        .getByRole("link", { name: "Sungai Siring" })
        .click();
      await expectExactText(page.getByRole("heading", { level: 1 }), "Kelurahan Sungai Siring");
      await page
        .getByRole("navigation", { name: "Jejak wilayah" })
        .getByRole("link", { name: "Samarinda Utara" })
        .click();
      await expectExactText(page.getByRole("heading", { level: 1 }), "Kecamatan Samarinda Utara");
      const missing = await page.goto(`${served.app.baseUrl}/wilayah/99.99`);
      expect(missing?.status()).toBe(404);
      expect(watched.errors.filter((e) => !e.includes("404"))).toEqual([]);
      await page.close();
    });

    it("shows the figures behind every count: city to list to household, an export that opens, a search with a typo", async () => {
      const page = await newPage();
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/wilayah/64.72?from=2025-01&to=2025-12`);
      const api = await (await get(`/api/areas/64.72/summary?from=2025-01&to=2025-12`)).json();
      const figures = page.getByRole("definition");
      await expectText(page.locator(".figures"), new Intl.NumberFormat("id-ID").format(api.stacked_households));
      // The figures stream in behind the heading: wait for all of them, not only the first.
      await expect.poll(() => figures.count(), { timeout: 30_000 }).toBeGreaterThan(8);
      // Rupiah, as the API counts it, in id-ID; each figure explains itself on a tap, and /istilah in full.
      await expectText(
        page.getByTestId("figure-aid-per-household"),
        `Rp ${new Intl.NumberFormat("id-ID").format(api.aid_per_receiving_household_month)}`,
      );
      const hint = page.getByTestId("figure-aid-per-household").getByRole("group");
      await hint.locator("summary").click();
      await expectText(hint.getByRole("note"), "dibagi jumlah penerima dan jumlah bulan");
      // A program without a list in a month is a gap with a note, not a fall to zero (PBI-JK: each January).
      await expectText(page.getByTestId("trend-gaps"), "PBI-JK: daftar ada di 1 dari 12 bulan");
      expect(await hint.getByRole("link", { name: "Selengkapnya" }).getAttribute("href")).toBe(
        "/istilah#rupiah_per_rumah_tangga",
      );
      expect(await page.locator("[data-testid=overlap-table] tbody tr").count()).toBeGreaterThan(1);
      // The trend chart really drew a line per series.
      await page.locator("[data-testid=trend-chart] .recharts-line-curve").first().waitFor();
      expect(
        await page.locator("[data-testid=trend-chart] > .chart-box:first-child .recharts-line-curve").count(),
      ).toBe(3);
      // A flat line has an empty box, which Playwright calls hidden: attached is what counts here.
      await page.locator("[data-testid=program-chart] .recharts-line-curve").first().waitFor({ state: "attached" });
      // BPS's official series with its source, and the years without a figure left empty.
      const poverty = page.getByTestId("poverty-chart");
      await expectText(poverty, "Sumber: BPS");
      expect(await poverty.locator(".recharts-line-curve").count()).toBe(1);
      expect(await poverty.locator("tbody tr", { hasText: "2018" }).textContent()).toContain("tidak ada data");

      // The kelurahan with the most stacked households, named on the city page, agrees with the
      // API's counts, and its list holds exactly those households.
      const kelurahanCounts = (
        await Promise.all(
          api.children.map(
            async (kecamatan: { code: string }) =>
              (await (await get(`/api/areas/${kecamatan.code}/summary?from=2025-01&to=2025-12`)).json()).children,
          ),
        )
      ).flat() as Array<{ code: string; stacked_households: number }>;
      const most = Math.max(...kelurahanCounts.map((k) => k.stacked_households));
      const ranking = page.getByTestId("ranking-kelurahan-stacked_households");
      const firstEntry = ranking.locator("li").first();
      expect(Number((await firstEntry.locator("strong").textContent())!.replace(/\./g, ""))).toBe(most);
      await firstEntry.getByRole("link", { name: "daftar" }).click();
      await expectText(page.getByRole("heading", { level: 1 }), "bantuan bertumpuk");
      await expectText(page.locator(".lead"), `${new Intl.NumberFormat("id-ID").format(most)} rumah tangga`);
      await page.goBack();
      const rtEntry = page.getByTestId("ranking-rt-uncovered_eligible_households").locator("li").first();
      const rtCount = (await rtEntry.locator("strong").textContent())!;
      await rtEntry.getByRole("link", { name: "daftar" }).click();
      await expectText(page.getByRole("heading", { level: 1 }), "layak yang belum menerima");
      await expectText(page.locator(".lead"), `${rtCount} rumah tangga`);
      await page.goBack();
      await page.screenshot({ path: path.join(SCREENSHOTS, `wilayah-kota-${engine}.png`), fullPage: true });

      // Sorting the kecamatan by stacked rate puts the highest first.
      await page.getByRole("link", { name: /Bertumpuk \(% penerima\)/ }).click();
      await page.waitForURL(/urut=bertumpuk/);
      await page.getByTestId("children-table").waitFor();
      const rates = await page.locator("[data-testid=children-table] tbody tr td:nth-child(3)").allTextContents();
      const asNumbers = rates.map((r) => Number(r.replace("%", "").replace(",", ".")));
      expect([...asNumbers].sort((a, b) => b - a)).toEqual(asNumbers);

      await page.getByRole("link", { name: /^Bertumpuk \d/ }).click();
      await expectText(page.getByRole("heading", { level: 1 }), "bantuan bertumpuk");
      await page.getByTestId("household-list").waitFor();
      expect(await page.locator("[data-testid=household-list] tbody tr").count()).toBe(
        Math.min(50, api.stacked_households),
      );

      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Excel (XLSX)" }).click();
      const file = await download;
      const saved = path.join(SCREENSHOTS, `bertumpuk-${engine}.xlsx`);
      await file.saveAs(saved);
      const table = readTable("bertumpuk.xlsx", new Uint8Array(await readFile(saved)));
      // The admin sees persons: the head of household and the address come before the area codes.
      expect(table.headers.slice(0, 6)).toEqual([
        "id_dtks",
        "nama_kepala_keluarga",
        "alamat",
        "rw",
        "rt",
        "kode_kelurahan",
      ]);
      expect(table.rows).toHaveLength(api.stacked_households);

      await page.locator("[data-testid=household-list] tbody tr a").first().click();
      await expectText(page.getByRole("heading", { level: 1 }), "Rumah tangga");
      await expectText(page.locator(".verdicts li.yes", { hasText: "Bertumpuk" }), "Bertumpuk");
      expect(await page.locator("[data-testid=receipts] tbody tr").count()).toBeGreaterThan(1);
      // What it received in rupiah, and the pair that makes it stacked, by name.
      await expectText(page.getByTestId("aid-amount"), /Senilai Rp \d/);
      await expectText(page.getByTestId("program-pairs"), "membuat rumah tangga ini bertumpuk");
      const memberName = (await page
        .locator("section[aria-labelledby=members-title] tbody tr td")
        .first()
        .textContent())!;
      const householdUrl = new URL(page.url()).pathname;
      await page.screenshot({ path: path.join(SCREENSHOTS, `rumah-tangga-${engine}.png`), fullPage: true });

      // The same member found by name with a letter missing.
      const cut = Math.floor(memberName.length / 2);
      await page.goto(`${served.app.baseUrl}/cari`);
      await page.getByLabel("Kata kunci").fill(memberName.slice(0, cut) + memberName.slice(cut + 1));
      await page.getByRole("button", { name: "Cari" }).click();
      await page.locator("[data-testid=search-results]").waitFor();
      // The search went by POST: nothing of it in the page's address.
      expect(page.url()).toBe(`${served.app.baseUrl}/cari`);
      const links = await page
        .locator("[data-testid=search-results] a")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toContain(householdUrl);
      expect(await page.locator("body").textContent()).not.toMatch(/\d{16}/);

      // Where every "?" leads: the definitions in full.
      await page.goto(`${served.app.baseUrl}/istilah#rupiah_per_rumah_tangga`);
      await expectExactText(page.getByRole("heading", { level: 1 }), "Istilah");
      await expectText(page.locator("#bagian_10_persen"), "tidak dijumlahkan dari wilayah di bawahnya");
      // A link's prefetch racing this walk's navigations once answered 404 (PGlite, 1 run in 3); the
      // message now names its address. Any other error still fails the test.
      expect(watched.errors.filter((e) => !/Failed to load resource: .* 404 /.test(e))).toEqual([]);
      await page.close();
    });

    it("gives a lurah every household of the kelurahan by name and address, and an RT visit sheet that prints on A4 with the names", async () => {
      const lurah = await signIn(served.app.baseUrl, "lurah");
      const asLurah = (route: string) => fetch(`${served.app.baseUrl}${route}`, { headers: { cookie: lurah } });
      const page = await signedInPage(served.browser, served.app.baseUrl, lurah);
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/wilayah/64.72.05.1004`);
      await page.getByRole("link", { name: /Semua rumah tangga/ }).click();
      await expectText(page.getByRole("heading", { level: 1 }), "Semua rumah tangga");
      const list = page.getByTestId("household-list");
      await expectText(list.locator("thead"), "Kepala keluarga");
      // The first page on screen is the API's first page, names included.
      const firstPage = await (await asLurah("/api/areas/64.72.05.1004/households?list=all")).json();
      expect(firstPage.households[0].visit.head_name).toEqual(expect.any(String));
      await expectText(list.locator("tbody tr").first(), firstPage.households[0].visit.head_name);

      // An RT's sheet: one line per household of the RT in the order a visitor walks, with the names.
      const rtCode: string = firstPage.households.find((h: { rt_code: string | null }) => h.rt_code).rt_code;
      const rtList = await (await asLurah(`/api/areas/${rtCode}/households?list=all&sort=alamat&page=1`)).json();
      await page.goto(`${served.app.baseUrl}/wilayah/${rtCode}`);
      await page.getByTestId("visit-sheet-link").click();
      await expectText(page.getByRole("heading", { level: 1 }), "Lembar kunjungan RT");
      const rows = page.locator("[data-testid=visit-rt] tbody tr");
      await expectCount(rows, rtList.total);
      const names: string[] = rtList.households.map((h: { visit: { head_name: string } }) => h.visit.head_name);
      await expectText(rows.first(), names[0]!);
      expect(await page.getByRole("button", { name: "Cetak / PDF" }).isVisible()).toBe(true);

      await page.emulateMedia({ media: "print" });
      const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true });
      const printed = await readPdf(pdf, path.join(SCREENSHOTS, `lembar-kunjungan-${engine}.png`));
      expect(printed.pageSize).toContain("(A4)");
      // Landscape, room to write the finding; the screen's navigation and buttons left out.
      const [width, height] = printed.pageSize.split(" x ").map((n) => Number.parseFloat(n));
      expect(width!).toBeGreaterThan(height!);
      expect(printed.text).not.toContain("Cetak / PDF");
      expect(printed.text).toContain("Lembar kunjungan rumah tangga");
      expect(printed.text).toContain("Temuan");
      expect(printed.text).toContain("Kepala keluarga");
      const flat = printed.text.replace(/\s+/g, " ");
      for (const name of names.slice(0, 10)) expect(flat).toContain(name.replace(/\s+/g, " "));
      expect(printed.pages).toBeGreaterThanOrEqual(1);
      expect(printed.pages).toBeLessThanOrEqual(Math.ceil(rtList.total / 8));

      // Pimpinan works with aggregates: no sheet, and the same list without a name.
      const pimpinan = await signIn(served.app.baseUrl, "pimpinan");
      const refused = await fetch(`${served.app.baseUrl}/wilayah/${rtCode}/kunjungan`, {
        headers: { cookie: pimpinan },
        redirect: "manual",
      });
      expect(refused.headers.get("location")).toContain("/akses-ditolak");
      const aggregate = await (
        await fetch(`${served.app.baseUrl}/api/areas/${rtCode}/households?list=all&sort=alamat`, {
          headers: { cookie: pimpinan },
        })
      ).json();
      expect(aggregate.total).toBe(rtList.total);
      expect(aggregate.households.some((h: object) => "visit" in h)).toBe(false);
      expect(watched.errors).toEqual([]);
      await page.close();
    });

    it("ranks the kelurahan on /rapor by every scorecard figure, sorts by a column, maps a figure, and gives the lurah its card on /tugas", async () => {
      const page = await newPage({ viewport: { width: 1440, height: 1000 } });
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/rapor`);
      await expectExactText(page.getByRole("heading", { level: 1 }), "Rapor data · Kota Samarinda");
      await expectText(page.getByTestId("scorecard-card"), "Usulan lewat batas waktu");
      await expectCount(page.locator("[data-testid=kecamatan-table] tbody tr"), 10);
      const rows = page.locator("[data-testid=scorecard-table] tbody tr");
      expect(await rows.count()).toBeGreaterThan(50);
      // A figure's cell as a number: "12,5%" → 12.5, "–" → null.
      const column = async (figure: string) =>
        (await page.locator(`[data-testid=scorecard-table] tbody td[data-figure=${figure}]`).allTextContents()).map(
          (text) => {
            const value = /^[\d.,]+/.exec(text.trim())?.[0];
            return value ? Number(value.replace(/\./g, "").replace(",", ".")) : null;
          },
        );
      const ordered = (values: Array<number | null>, direction: 1 | -1) =>
        values
          .filter((v): v is number => v !== null)
          .every((v, i, all) => i === 0 || direction * (v - all[i - 1]!) >= 0);
      // Worst first by default: the most overdue proposals on top.
      expect(ordered(await column("proposals_overdue"), -1)).toBe(true);
      const header = page.locator("[data-testid=scorecard-table] thead").getByRole("link", { name: "NIK tidak sah" });
      await header.click();
      await page.waitForURL(/urut=nik_invalid_rate/);
      const worstFirst = await column("nik_invalid_rate");
      expect(worstFirst.filter((v) => v !== null).length).toBeGreaterThan(50);
      expect(ordered(worstFirst, -1)).toBe(true);
      await page.locator("[data-testid=scorecard-table] thead").getByRole("link", { name: "NIK tidak sah" }).click();
      await page.waitForURL(/arah=naik/);
      expect(ordered(await column("nik_invalid_rate"), 1)).toBe(true);
      // The map shows the figure the table is sorted by, drawn in classes.
      const map = page.getByTestId("scorecard-map");
      expect(await map.getByLabel("Peta").inputValue()).toBe("nik_invalid_rate");
      await map.locator("[data-map-ready='true'] canvas").waitFor({ timeout: 30_000 });
      const colours = new Set<number>();
      const image = PNG.sync.read(await map.locator("canvas").screenshot());
      for (let i = 0; i < image.data.length; i += 4)
        colours.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
      expect(colours.size).toBeGreaterThan(8);
      await page.screenshot({ path: path.join(SCREENSHOTS, `rapor-${engine}.png`), fullPage: true });
      expect(watched.errors).toEqual([]);
      await page.close();

      // The lurah's own card on its task list, ranked among the kecamatan's kelurahan.
      const lurah = await signedInPage(served.browser, served.app.baseUrl, await signIn(served.app.baseUrl, "lurah"), {
        viewport: { width: 360, height: 740 },
      });
      await lurah.goto(`${served.app.baseUrl}/tugas`);
      const card = lurah.getByTestId("scorecard-card");
      await expectText(card.getByRole("heading", { level: 2 }), "Rapor data Sungai Siring");
      await expectText(card, "peringkat di antara");
      await expectText(card.locator("[data-figure=nik_invalid_rate]"), "ke-");
      await lurah.screenshot({ path: path.join(SCREENSHOTS, `rapor-lurah-tugas-${engine}.png`) });
      // Another kecamatan's scorecard is out of the lurah's reach.
      expect((await lurah.goto(`${served.app.baseUrl}/rapor?wilayah=64.72.01`))?.status()).toBe(404);
      await lurah.close();
    });

    it("prints the one-page area report of a kelurahan and of the city on one A4 sheet, with the area's figures, the map's legend and the scorecard; pimpinan's with small cells suppressed", async () => {
      const page = await newPage({ viewport: { width: 1200, height: 900 } });
      const watched = watchPage(page, served.app.baseUrl);
      const id = (n: number) => n.toLocaleString("id-ID");
      for (const [code, name] of [
        ["64.72.05.1004", "Kelurahan Sungai Siring"],
        ["64.72", "Kota Samarinda"],
      ] as const) {
        const api = await (await get(`/api/areas/${code}/summary?from=2025-01&to=2025-12`)).json();
        await page.goto(`${served.app.baseUrl}/wilayah/${code}?from=2025-01&to=2025-12`);
        await page.getByTestId("area-report-link").click();
        // The city's report counts the whole city (summary, trend, scorecard): on PGlite under a
        // loaded CI machine that took over 15 s once.
        await page.waitForURL(/\/laporan/, { timeout: 120_000 });
        await page.getByRole("heading", { level: 1, name: `Laporan wilayah · ${name}` }).waitFor({ timeout: 120_000 });
        await page.getByLabel("Indikator peta").selectOption("stacked_rate");
        await page.getByRole("button", { name: "Tampilkan" }).click();
        await page.waitForURL(/indikator=stacked_rate/, { timeout: 120_000 });
        await page.getByTestId("report-figures").waitFor({ timeout: 120_000 });
        await expectText(page.getByTestId("report-figures"), id(api.households));
        const legend = (await page.getByTestId("report-legend").locator("li").allTextContents()).map((t) => t.trim());
        expect(legend.length).toBeGreaterThan(1);
        expect(await page.getByTestId("report-map").locator("path").count()).toBeGreaterThan(3);

        await page.emulateMedia({ media: "print" });
        const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
        const printed = await readPdf(pdf, path.join(SCREENSHOTS, `laporan-${code}-${engine}.png`));
        await page.emulateMedia({ media: "screen" });
        expect(printed.pages, `${name}: one sheet`).toBe(1);
        expect(printed.pageSize).toContain("(A4)");
        const [width, height] = printed.pageSize.split(" x ").map((n) => Number.parseFloat(n));
        expect(height!).toBeGreaterThan(width!);
        const text = printed.text.replace(/\s+/g, " ");
        expect(text).toContain(`Laporan wilayah · ${name}`);
        expect(text).toContain("Jan 2025–Des 2025");
        expect(text).toContain("WITA");
        expect(text).toContain("Sumber:");
        expect(text).toContain(id(api.households));
        expect(text).toContain(id(api.stacked_households));
        expect(text).toContain("Bantuan bertumpuk (% rumah tangga penerima) per");
        for (const entry of legend) expect(text).toContain(entry.replace(/\s+/g, " "));
        expect(text).toContain("paling perlu perhatian");
        expect(text).toContain("Rapor data");
        expect(text).not.toContain("Cetak / PDF");
      }
      expect(watched.errors).toEqual([]);
      await page.close();

      // Pimpinan: aggregates only, small cells suppressed, and no person on the page.
      const pimpinan = await signIn(served.app.baseUrl, "pimpinan");
      const html = await (
        await fetch(`${served.app.baseUrl}/wilayah/64.72.05.1004/laporan?from=2025-01&to=2025-12`, {
          headers: { cookie: pimpinan },
        })
      ).text();
      expect(html).toContain("disembunyikan");
      expect(html).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
    });

    it("serves the coverage analytics API: sums that hold, lists, an explanation, 400 and 404", async () => {
      const getJson = async (path: string) => {
        const response = await get(path);
        return { status: response.status, body: await response.json() };
      };
      const kota = await getJson("/api/areas/64.72/summary?from=2025-01&to=2025-12");
      expect(kota.status).toBe(200);
      expect(kota.body).toMatchObject({ code: "64.72", level: "kabkota", window: { from: "2025-01", to: "2025-12" } });
      expect(kota.body.households).toBeGreaterThan(0);
      expect(kota.body.receiving_households).toBeGreaterThan(0);
      const sum = (key: string) =>
        kota.body.children.reduce((total: number, child: Record<string, number>) => total + child[key]!, 0);
      for (const key of [
        "households",
        "persons",
        "eligible_households",
        "receiving_households",
        "stacked_households",
        "uncovered_eligible_households",
      ]) {
        expect(sum(key), key).toBe(kota.body[key]);
      }
      const overlap = await getJson("/api/areas/64.72/overlap?from=2025-01&to=2025-12");
      expect(overlap.body.combinations.reduce((t: number, c: { households: number }) => t + c.households, 0)).toBe(
        kota.body.receiving_households,
      );
      const trend = await getJson("/api/areas/64.72/trend?from=2025-01&to=2025-12");
      expect(trend.body.points).toHaveLength(12);
      const stacked = await getJson("/api/areas/64.72/households?list=stacked&from=2025-01&to=2025-12");
      expect(stacked.body.total).toBe(kota.body.stacked_households);
      const first = stacked.body.households[0];
      const household = await getJson(`/api/households/${first.id}?from=2025-01&to=2025-12`);
      expect(household.status).toBe(200);
      expect(household.body.counts_as.stacked).toBe(true);
      expect(JSON.stringify(household.body)).not.toMatch(/\d{16}/);

      const bad = await getJson("/api/areas/64.72/households?list=semua&from=2025-13&desil=11");
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.fields).sort()).toEqual(["desil", "from", "list"]);
      expect((await getJson("/api/areas/64.72.99/summary")).status).toBe(404);
      expect((await getJson("/api/areas/Samarinda/summary")).status).toBe(400);
      expect((await getJson("/api/households/999999999")).status).toBe(404);
    });

    it("streams an area page and a list behind their heading, saying the window is being counted, and keeps 404 for an area out of reach", async () => {
      // A window whose months a write has just made stale (a setting saved as it was): the months
      // are counted first, so the heading and the notice are in the HTML before the figures.
      const browserPage = await newPage();
      const staleMonths = async () => {
        const saved = await browserPage.request.post(`${served.app.baseUrl}/api/admin/settings`, {
          data: { key: "eligible_max_desil", value: 4 },
          headers: { origin: served.app.baseUrl },
        });
        expect(saved.status()).toBe(200);
      };
      await staleMonths();
      const page = await get("/wilayah/64.72?from=2025-02&to=2025-04");
      expect(page.status).toBe(200);
      const html = await page.text();
      const notice = html.indexOf("Menghitung angka jendela Feb 2025 s.d. Apr 2025");
      expect(html.indexOf("<h1>")).toBeGreaterThan(-1);
      expect(notice).toBeGreaterThan(html.indexOf("<h1>"));
      expect(html.indexOf('aria-label="Angka utama"')).toBeGreaterThan(notice);

      await staleMonths();
      const list = await get("/wilayah/64.72/rumah-tangga?daftar=stacked&from=2025-03&to=2025-05");
      expect(list.status).toBe(200);
      const listHtml = await list.text();
      const listNotice = listHtml.indexOf("Menghitung angka jendela Mar 2025 s.d. Mei 2025");
      expect(listNotice).toBeGreaterThan(-1);
      expect(listHtml.indexOf('data-testid="household-list"')).toBeGreaterThan(listNotice);

      // The scope check and its 404 come before anything streams.
      expect((await get("/wilayah/64.72.99?from=2025-02&to=2025-04")).status).toBe(404);
      expect((await get("/wilayah/64.72.99/rumah-tangga?daftar=stacked")).status).toBe(404);
    });

    it("marks a pair allowed on the rules page, and the city's stacked count falls by the households that had only that pair", async () => {
      const page = await newPage();
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/admin/aturan`);
      const states = new Map<string, string>();
      for (const row of await page.locator("[data-testid=rules] tbody tr").all()) {
        states.set((await row.getAttribute("data-pair"))!, await row.locator("select").inputValue());
      }
      expect(states.size).toBeGreaterThan(5);
      const pairsOf = (programs: string[], keep: (state: string | undefined) => boolean) =>
        programs
          .flatMap((a, i) => programs.slice(i + 1).map((b) => [a, b].sort().join("+")))
          .filter((pair) => keep(states.get(pair)));
      const json = async (path: string) => (await get(path)).json();
      const before = await json("/api/areas/64.72/summary");
      const { combinations } = await json("/api/areas/64.72/overlap");
      // Per pair not allowed: the households it alone makes stacked, and alone makes conflicting.
      const alone = new Map<string, { stacked: number; conflicting: number }>();
      for (const combination of combinations as Array<{ programs: string[]; households: number; stacked: boolean }>) {
        const notAllowed = pairsOf(combination.programs, (state) => state !== "pelengkap");
        const forbidden = pairsOf(combination.programs, (state) => state === "melanggar_aturan");
        expect(combination.stacked).toBe(notAllowed.length > 0);
        if (notAllowed.length !== 1) continue;
        const figures = alone.get(notAllowed[0]!) ?? { stacked: 0, conflicting: 0 };
        figures.stacked += combination.households;
        if (forbidden.length === 1) figures.conflicting += combination.households;
        alone.set(notAllowed[0]!, figures);
      }
      const [pair, drop] = [...alone].sort((a, b) => b[1].stacked - a[1].stacked)[0] ?? [
        "",
        { stacked: 0, conflicting: 0 },
      ];
      expect(drop.stacked).toBeGreaterThan(0);
      const original = states.get(pair)!;

      const row = page.locator(`[data-testid=rules] tr[data-pair="${pair}"]`);
      const save = async (state: string) => {
        await row.locator("select").selectOption(state);
        await row.getByRole("button", { name: /Simpan pasangan/ }).click();
        await expectText(row.getByRole("status"), `Pasangan ${pair.replace("+", " + ")} disimpan.`);
      };
      await save("pelengkap");
      try {
        const after = await json("/api/areas/64.72/summary");
        expect(after.stacked_households).toBe(before.stacked_households - drop.stacked);
        expect(after.conflicting_households).toBe(before.conflicting_households - drop.conflicting);
        await page.reload();
        expect(await row.locator("select").inputValue()).toBe("pelengkap");
      } finally {
        await save(original);
      }
      expect((await json("/api/areas/64.72/summary")).stacked_households).toBe(before.stacked_households);
      // On a phone each pair's form wraps within the screen instead of widening the table.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      const overflow = await page
        .getByTestId("rules")
        .evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(watched.errors).toEqual([]);
      expect(watched.foreignRequests).toEqual([]);
    });

    it("builds, saves, compares and adopts a scenario of the city's program on /sasaran, and pimpinan sees figures only", async () => {
      const base = served.app.baseUrl;
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      const watched = watchPage(page, base);
      const excluded = ["BANSOS-KALTIM", "BPNT", "BST", "PBI-JK", "PKH"];
      await page.goto(`${base}/sasaran`);
      const planner = page.getByTestId("scenario-planner");
      await planner
        .locator("[data-ready='1']")
        .or(planner.and(page.locator("[data-ready='1']")))
        .first()
        .waitFor();
      // Rp 300.000.000 at Rp 300.000 for 10 months (100 households), desil ≤ 4 then ≤ 3: the same budget, two lists.
      const counted = (desil: number) =>
        page.waitForResponse(
          (r) =>
            r.url().endsWith("/api/sasaran/hitung") &&
            r.status() === 200 &&
            (r.request().postData() ?? "").includes('"budget":300000000') &&
            (r.request().postData() ?? "").includes(`"max_desil":${desil}`),
        );
      const saveAs = async (name: string, answer: { selected: number; cost: number }) => {
        await expectText(page.getByTestId("scenario-selected"), answer.selected.toLocaleString("id-ID"));
        await expectText(
          page.getByTestId("scenario-result"),
          new RegExp(`biaya Rp\\s?${answer.cost.toLocaleString("id-ID").replaceAll(".", "\\.")}`),
        );
        await page.getByTestId("scenario-name").fill(name);
        await page.getByTestId("scenario-save").click();
        await expectText(page.getByRole("status").filter({ hasText: "Tersimpan" }), /Tersimpan sebagai skenario #\d+/);
      };
      await page.getByTestId("scenario-quota-form").selectOption("budget");
      const fourCounted = counted(4);
      await page.getByTestId("scenario-budget").fill("300000000");
      const fourAnswer = await (await fourCounted).json();
      expect(fourAnswer.cost).toBe(fourAnswer.selected * 3_000_000);
      await saveAs("Desil 4, Rp 300 juta", fourAnswer);
      await page.getByTestId("result-map").locator("[data-map-ready='true'] canvas").waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `sasaran-desktop-${engine}.png`), fullPage: true });
      const threeCounted = counted(3);
      await page.getByTestId("scenario-desil").selectOption("3");
      const threeAnswer = await (await threeCounted).json();
      await saveAs("Desil 3, Rp 300 juta", threeAnswer);
      const saved = (await (await get("/api/sasaran")).json()) as Array<{ id: number; name: string }>;
      const [four, three] = ["Desil 4, Rp 300 juta", "Desil 3, Rp 300 juta"].map((name) =>
        saved.find((s) => s.name === name)!,
      );

      // No household of the list received a pusat or provinsi program in the window, asked household by household.
      const listed = (await (await get(`/api/sasaran/${four!.id}/rumah-tangga`)).json()).households as Array<{
        dtks_id: string;
      }>;
      expect(listed).toHaveLength(fourAnswer.selected);
      const computed = await (
        await fetch(`${base}/api/sasaran/hitung`, {
          method: "POST",
          headers: { cookie: await signIn(base, "dinsos"), "content-type": "application/json", origin: base },
          body: JSON.stringify({
            program: "SAMARINDA-PEDULI",
            max_desil: 4,
            quota: { budget: 300_000_000, amount_per_month: 300_000, months: 10 },
          }),
        })
      ).json();
      expect(computed.households.map((h: { dtks_id: string }) => h.dtks_id)).toEqual(listed.map((h) => h.dtks_id));
      for (const household of computed.households as Array<{ household_id: number }>) {
        const explained = await (
          await get(
            `/api/households/${household.household_id}?from=${computed.scenario.covered_window.from}&to=${computed.scenario.covered_window.to}`,
          )
        ).json();
        const programs = (explained.receipts as Array<{ program: string; in_window: boolean }>).flatMap((r) =>
          r.in_window ? [r.program] : [],
        );
        expect(
          programs.filter((p) => excluded.includes(p)),
          String(household.household_id),
        ).toEqual([]);
      }

      // Compare desil ≤ 3 (A) with ≤ 4 (B) on the page and through the API: who is gained and lost per kelurahan.
      await page.goto(`${base}/sasaran?a=${three!.id}&b=${four!.id}`);
      const comparison = (await (await get(`/api/sasaran/bandingkan?a=${three!.id}&b=${four!.id}`)).json()) as {
        both: number;
        areas: Array<{ code: string; lost: number; gained: number }>;
      };
      const lost = comparison.areas.reduce((sum, a) => sum + a.lost, 0);
      const gained = comparison.areas.reduce((sum, a) => sum + a.gained, 0);
      expect(gained).toBeGreaterThan(0);
      expect(comparison.both + lost).toBe(threeAnswer.selected);
      expect(comparison.both + gained).toBe(fourAnswer.selected);
      const rows = page.getByTestId("comparison-table").locator("tbody tr");
      await expectCount(rows, comparison.areas.length);
      const cells = await rows.evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll("td")].slice(4).map((td) => Number(td.textContent))),
      );
      expect(cells).toEqual(comparison.areas.map((a) => [a.lost, a.gained]));
      await page
        .getByTestId("scenario-comparison")
        .locator("[data-map-ready='true'] canvas")
        .waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: path.join(SCREENSHOTS, `sasaran-bandingkan-desktop-${engine}.png`),
        fullPage: true,
      });

      // Adopt desil ≤ 4 and open its recipient list.
      await page.goto(`${base}/sasaran?lihat=${four!.id}`);
      await page.getByTestId("adopt-scenario").click();
      const download = page.waitForEvent("download");
      await page.getByTestId("scenario-export").getByRole("link", { name: "Excel" }).click();
      const file = await (await download).path();
      const table = readTable("penerima.xlsx", new Uint8Array(await readFile(file)));
      expect(table.headers).toEqual([
        "nik",
        "no_kk",
        "nama",
        "program",
        "periode",
        "nominal",
        "kode_kelurahan",
        "tgl_lahir",
        "rt",
        "id_dtks",
        "peringkat",
        "desil",
      ]);
      expect(table.rows.map((r) => r.cells[9])).toEqual(listed.map((h) => h.dtks_id));
      expect(table.rows.every((r) => r.cells[7] === "")).toBe(true);
      expect(table.rows.every((r) => r.cells[3] === "SAMARINDA-PEDULI" && r.cells[5] === "300000")).toBe(true);
      expect(JSON.stringify(table.rows)).not.toMatch(/\d{16}/);

      // Pimpinan: figures, the comparison, never a household.
      const pimpinan = await signIn(base, "pimpinan");
      const as = (route: string, init: RequestInit = {}) =>
        fetch(`${base}${route}`, {
          ...init,
          headers: { cookie: pimpinan, origin: base, "content-type": "application/json" },
        });
      expect((await as(`/api/sasaran/${four!.id}/rumah-tangga`)).status).toBe(403);
      expect((await as(`/api/sasaran/${four!.id}/ekspor?format=csv`)).status).toBe(403);
      const figures = await (
        await as("/api/sasaran/hitung", {
          method: "POST",
          body: JSON.stringify({ program: "SAMARINDA-PEDULI", quota: { total: 10 } }),
        })
      ).json();
      expect(figures.selected).toBe(10);
      expect(figures.households).toBeUndefined();
      const pimpinanPage = await signedInPage(served.browser, base, pimpinan);
      await pimpinanPage.goto(`${base}/sasaran?lihat=${four!.id}`);
      await expectText(
        pimpinanPage.getByTestId("scenario-detail"),
        `${fourAnswer.selected.toLocaleString("id-ID")} dari`,
      );
      expect(await pimpinanPage.getByTestId("scenario-export").count()).toBe(0);
      expect(await pimpinanPage.getByTestId("adopt-scenario").count()).toBe(0);
      // The lurah sees how many of the adopted list live in the kelurahan.
      const lurahPage = await signedInPage(served.browser, base, await signIn(base, "lurah"), {
        viewport: { width: 390, height: 844 },
        isMobile: true,
      });
      await lurahPage.goto(`${base}/sasaran`);
      await expectText(lurahPage.getByTestId("adopted-in-area"), /SAMARINDA-PEDULI/);
      await expectText(lurahPage.getByTestId("adopted-in-area"), /Sungai Siring/);
      await lurahPage.screenshot({
        path: path.join(SCREENSHOTS, `sasaran-lurah-ponsel-${engine}.png`),
        fullPage: true,
      });
      expect(watched.errors).toEqual([]);
      expect(watched.foreignRequests).toEqual([]);
    });

    it("adds the city's own program on the rules page, whose pairs can then be set", async () => {
      const page = await newPage();
      const watched = watchPage(page, served.app.baseUrl);
      await page.goto(`${served.app.baseUrl}/admin/aturan`);
      const form = page.getByTestId("program-new");
      await form.getByLabel("Kode").fill("KOTA-UJI");
      await form.getByLabel("Nama").fill("Bantuan Kota Uji");
      await form.getByLabel("Tingkat").selectOption("kabkota");
      await form.getByLabel("Desil paling tinggi").fill("3");
      await form.getByLabel("Wilayah pemilik").fill("64.72.05");
      await form.getByRole("button", { name: "Tambah program" }).click();
      // A city program is owned by a city: the kecamatan is refused, naming the field, and the form keeps what was typed.
      await expectText(form.getByRole("status"), /owner_area_code/);
      expect(await form.getByLabel("Nama").inputValue()).toBe("Bantuan Kota Uji");
      await form.getByLabel("Wilayah pemilik").fill("64.72");
      await form.getByRole("button", { name: "Tambah program" }).click();
      await expectText(form.getByRole("status"), "Program ditambahkan.");
      await page.reload();
      await expectCount(page.locator('[data-testid=rules] tr[data-pair="KOTA-UJI+PKH"]'), 1);
      expect(await page.getByTestId("program-KOTA-UJI").count()).toBe(1);
      // The one 400 is the refused owner above, which the browser logs as a failed request.
      expect(watched.errors.filter((e) => !e.includes("400 (Bad Request)"))).toEqual([]);
    });

    it("imports a list naming a member with a typo, confirms the pair on /tautan, and the household page shows the link", async () => {
      const base = served.app.baseUrl;
      const window = "from=2025-01&to=2025-12";
      // A member of a household of Sungai Siring with a birth date, as the register holds them.
      const listed = await (await get(`/api/areas/64.72.05.1004/households?list=uncovered&${window}`)).json();
      const household = await (await get(`/api/households/${listed.households[0].id}?${window}`)).json();
      const member = household.members.find((m: { birth_date: string | null }) => m.birth_date) as {
        name: string;
        birth_date: string;
      };
      // One letter of the last word changed: too unlike for an automatic link, alike enough for review.
      const words = member.name.split(" ");
      const last = words.at(-1)!;
      const at = Math.floor(last.length / 2);
      words[words.length - 1] = last.slice(0, at) + (last[at] === "o" ? "u" : "o") + last.slice(at + 1);
      const typed = words.join(" ");
      const page = await newPage({ viewport: { width: 390, height: 844 } });
      const watched = watchPage(page, base);
      await page.goto(`${base}/impor`);
      await page.locator("#penerima-file").setInputFiles({
        name: "blt-kota-tautan.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(
          `nama,program,periode,nominal,kode_kelurahan,tgl_lahir\n${typed},BLT-DD,2025-11,300000,64.72.05.1004,${member.birth_date}\n`,
        ),
      });
      await page.getByRole("button", { name: "Impor daftar penerima" }).click();
      const result = page.locator("#penerima-result [role=status]");
      await expectText(result, "1 penerimaan menunggu keputusan");
      await result.getByRole("link", { name: "Tautan data" }).click();
      await page.getByLabel("Cari nama").fill(typed);
      await page.getByRole("button", { name: "Cari", exact: true }).click();
      const pair = page.getByTestId("linkage-pair").filter({ hasText: typed });
      await expectCount(pair, 1);
      await expectText(pair, member.name);
      expect(await pair.textContent()).not.toMatch(/\d{16}/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `tautan-ponsel-${engine}.png`), fullPage: true });
      await pair.getByRole("button", { name: "Orang yang sama: tautkan" }).click();
      await expectCount(page.getByTestId("linkage-pair").filter({ hasText: typed }), 0);
      // The household now holds the receipt, saying who confirmed it.
      await page.goto(`${base}/rumah-tangga/${household.id}?${window}`);
      const row = page.locator("tr", { hasText: "BLT-DD" }).filter({ hasText: "Nov" });
      await expectText(row, /tautan dikonfirmasi oleh .+ pada \d/);
      expect(watched.errors).toEqual([]);
    });
    it("compares two DTSEN releases on /rilis: the desil matrix and figures as the API counts them, the map, the lists, and the trend by release", async () => {
      const base = served.app.baseUrl;
      const api = (await (await get("/api/areas/64.72/rilis?from=2024-Q4&to=2025-Q3")).json()) as {
        eligible: { gained: number; lost: number; lost_still_paid: number; gained_unreached: number };
        matrix: Array<{ from: string; to: string; households: number }>;
      };
      expect(api.eligible.lost).toBeGreaterThan(0);
      expect(api.eligible.gained).toBeGreaterThan(0);
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      const watched = watchPage(page, base);
      await page.goto(`${base}/rilis?wilayah=64.72`);
      // The two latest releases by default.
      expect(await page.getByLabel("Rilis awal").inputValue()).toBe("2024-Q4");
      expect(await page.getByLabel("Rilis akhir").inputValue()).toBe("2025-Q3");
      const id = (n: number) => n.toLocaleString("id-ID");
      await expectExactText(page.getByTestId("lost"), id(api.eligible.lost));
      await expectExactText(page.getByTestId("gained"), id(api.eligible.gained));
      await expectExactText(page.getByTestId("lost-still-paid"), id(api.eligible.lost_still_paid));
      await expectExactText(page.getByTestId("gained-unreached"), id(api.eligible.gained_unreached));
      for (const cell of api.matrix.slice(0, 12))
        await expectExactText(
          page.getByTestId("desil-matrix").locator(`td[data-from="${cell.from}"][data-to="${cell.to}"]`),
          id(cell.households),
        );
      await page.getByTestId("release-map").locator("[data-map-ready='true'] canvas").waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `rilis-desktop-${engine}.png`), fullPage: true });

      // The households to reach, a page of them, each opening its household page.
      await page.getByRole("link", { name: "Menjadi layak, belum menerima" }).click();
      await page.waitForURL(/daftar=layak_belum_menerima/);
      expect(await page.getByRole("link", { name: "Menjadi layak, belum menerima" }).getAttribute("aria-current")).toBe(
        "page",
      );
      const rows = page.getByTestId("release-list").locator("tbody tr");
      await expectCount(rows, Math.min(50, api.eligible.gained_unreached));
      expect(await page.getByTestId("release-list").textContent()).not.toMatch(/\d{16}/);
      await rows.first().getByRole("link").click();
      await page.waitForURL(/\/rumah-tangga\/\d+/);

      // The trend counts each month against the release in force, and says so.
      await page.goto(`${base}/wilayah/64.72?from=2023-01&to=2025-12`);
      // A 36-month window nobody asked for is counted behind the "menghitung" notice first: on PGlite
      // under a loaded CI machine that can take longer than a locator's usual wait (speed is the bench's).
      await page.getByTestId("trend-basis").waitFor({ timeout: 120_000 });
      await expectText(page.getByTestId("trend-basis"), "rilis DTSEN yang berlaku di bulan itu");
      await expectText(page.getByTestId("trend-basis"), "memakai rilis 2023-Q4 yang terbit sesudahnya");

      // Pimpinan sees the same figures; a lurah only their kelurahan, on a phone.
      const pimpinan = await signedInPage(served.browser, base, await signIn(base, "pimpinan"));
      await pimpinan.goto(`${base}/rilis?wilayah=64.72`);
      await expectExactText(pimpinan.getByTestId("lost"), id(api.eligible.lost));
      await pimpinan.close();
      const lurah = await signedInPage(served.browser, base, await signIn(base, "lurah"), {
        viewport: { width: 390, height: 844 },
      });
      await lurah.goto(`${base}/rilis`);
      await expectText(lurah.locator("h1"), "Kelurahan");
      await lurah.screenshot({ path: path.join(SCREENSHOTS, `rilis-ponsel-${engine}.png`), fullPage: true });
      await lurah.close();
      expect(watched.errors).toEqual([]);
    });

    // Last: a whole run links the seed's lists and changes the figures the tests above read.
    it("runs the whole city's linkage from /tautan as a job: its steps, the counts at the end, and the same after a reload", async () => {
      const base = served.app.baseUrl;
      const page = await newPage({ viewport: { width: 390, height: 844 } });
      const watched = watchPage(page, base);
      await page.goto(`${base}/tautan`);
      const run = page.locator(".pair-run");
      await run.getByRole("button", { name: "Jalankan tautan sekarang" }).click();
      // On PGlite the job's answer can wait for the linkage's first long statement, which holds the
      // event loop; a loaded CI machine may take longer than a locator's usual wait (speed is the bench's).
      await run.locator("[data-testid=import-job][data-status=selesai]").waitFor({ timeout: 120_000 });
      expect(await run.locator("[data-step][data-state=selesai]").allTextContents()).toEqual([
        // The last of its steps: seeking register duplicates, or the vacuum after a large rewrite.
        expect.stringMatching(/Mencocokkan dengan register: (Mencari orang ganda di DTKS|Merapikan tabel penerimaan)/),
        expect.stringContaining("Memperbarui angka"),
      ]);
      // The counts as the job answered them.
      const { jobs } = (await (await get("/api/import/jobs")).json()) as {
        jobs: Array<{ kind: string; result?: { body: { identities: number; queued_receipts: number } } }>;
      };
      const answer = jobs.find((job) => job.kind === "tautan")!.result!.body;
      const counts = `${answer.identities.toLocaleString("id-ID")} data penerima diperiksa`;
      await expectText(run.getByRole("status"), counts);
      await expectText(run.getByRole("status"), `${answer.queued_receipts.toLocaleString("id-ID")} pasangan menunggu`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `tautan-jalankan-${engine}.png`), fullPage: true });
      await page.reload();
      await expectCount(page.locator(".pair-run [data-testid=import-job][data-status=selesai]"), 1);
      await expectText(page.locator(".pair-run").getByRole("status"), counts);
      expect(await page.locator("body").innerText()).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
      expect(watched.errors).toEqual([]);
    });
  },
);
