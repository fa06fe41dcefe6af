import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { UserActor } from "@/lib/access/actor";
import { AccessDenied } from "@/lib/access/errors";
import { areaSummary, inclusionErrorTotal, kelurahanCounts } from "@/lib/analytics";
import type { Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { changeSetting } from "@/lib/programs/rules";
import { changeScreenScenes, commandScreen } from "@/lib/screen";

import { describeEachEngine } from "../helpers/each-engine";

describeEachEngine("the command-center screen", (fixture) => {
  const as = (role: UserActor["role"], areaCodes: string[]): Context => ({
    ...fixture().ctx,
    actor: { kind: "user", userId: 0, username: role, displayName: null, role, areaCodes, sessionHash: "-" },
  });

  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 5, households: 900 } });
  });

  it("shows the city's figures as the summary counts them, for the mayor's office", async () => {
    const pimpinan = as("pimpinan", ["64.72"]);
    const screen = (await commandScreen({ ctx: pimpinan }))!;
    const city = (await areaSummary({ ctx: pimpinan, input: { code: "64.72" } }))!;
    expect(screen.area).toEqual({ code: "64.72", name: city.name });
    expect(screen.window).toEqual(city.window);
    expect(screen.overview).toMatchObject({
      households: city.households,
      receiving_households: city.receiving_households,
      stacked_households: city.stacked_households,
      uncovered_eligible_households: city.uncovered_eligible_households,
      inclusion_errors: inclusionErrorTotal(city),
    });
    expect(screen.kelurahan).toHaveLength(59);
    expect(screen.top.stacked_rate).toHaveLength(5);
    const rates = screen.top.stacked_rate.map((k) => k.stacked_rate!);
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);
    expect(screen.scenes).toEqual(["ringkasan", "bertumpuk", "belum_menerima", "kemiskinan", "kesegaran"]);
    expect(screen.poverty.bps?.years.find((y) => y.year === 2018)?.poorPct).toBeNull();
    expect(screen.poverty.months).toHaveLength(24);
    // Each program's latest list; those behind the city's latest month flagged (BST ended 2021).
    const latest = new Map(screen.freshness.latest_periods.map((p) => [p.program, p]));
    expect(latest.get("BST")).toEqual({ program: "BST", period: "2021-12", stale: true });
    expect(latest.get("BPNT")).toEqual({ program: "BPNT", period: "2025-12", stale: false });
  });

  it("lists every kelurahan above a threshold as an alert, with its rate a month earlier", async () => {
    const admin = as("admin", []);
    // A kelurahan of this small city holds about 15 households: k = 3 leaves rates to show.
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 3 } });
    await changeSetting({ ctx: admin, input: { key: "alert_uncovered_rate", value: 5 } });
    const screen = (await commandScreen({ ctx: admin }))!;
    const above = screen.kelurahan
      .filter((k) => k.uncovered_rate !== null && k.uncovered_rate > 5)
      .map((k) => k.code)
      .sort();
    const alerts = screen.alerts.filter((a) => a.indicator === "uncovered_rate");
    expect(alerts.map((a) => a.code).sort()).toEqual(above);
    expect(above.length).toBeGreaterThan(0);
    const earlier = (await kelurahanCounts({ ctx: admin, input: { code: "64.72", ...screen.previous_window } }))!;
    const first = alerts.find((a) => a.previous !== null)!;
    const then = earlier.kelurahan.find((k) => k.code === first.code)!;
    expect(first.previous).toBe(
      Math.round((1000 * then.uncovered_eligible_households) / then.eligible_households) / 10,
    );
    await changeSetting({ ctx: admin, input: { key: "alert_uncovered_rate", value: 15 } });
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 5 } });
  });

  it("computes the figures once for screens that ask at once, and anew after a change", async () => {
    const admin = as("admin", []);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 3 } });
    await changeSetting({ ctx: admin, input: { key: "alert_stacked_rate", value: 100 } });
    const screens = await Promise.all(Array.from({ length: 5 }, () => commandScreen({ ctx: admin })));
    // One computation: every screen holds the very rows it made, not an equal copy.
    for (const screen of screens) expect(screen!.kelurahan).toBe(screens[0]!.kelurahan);
    await changeSetting({ ctx: admin, input: { key: "alert_stacked_rate", value: 1 } });
    const after = (await commandScreen({ ctx: admin }))!;
    expect(after.kelurahan).not.toBe(screens[0]!.kelurahan);
    expect(after.kelurahan).toEqual(screens[0]!.kelurahan);
    expect(after.alerts.filter((a) => a.indicator === "stacked_rate").length).toBeGreaterThan(
      screens[0]!.alerts.filter((a) => a.indicator === "stacked_rate").length,
    );
    await changeSetting({ ctx: admin, input: { key: "alert_stacked_rate", value: 5 } });
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 5 } });
  });

  it("suppresses every count and rate of fewer than k households, and carries no name or NIK", async () => {
    const admin = as("admin", []);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 20 } });
    const screen = (await commandScreen({ ctx: admin }))!;
    const counts = (await kelurahanCounts({ ctx: admin, input: { code: "64.72", ...screen.window } }))!.kelurahan;
    const small = counts.filter((k) => k.households > 0 && k.households < 20);
    expect(small.length).toBeGreaterThan(0);
    for (const k of small) {
      const shown = screen.kelurahan.find((row) => row.code === k.code)!;
      expect(shown.households).toEqual({ below: 20 });
      expect([shown.stacked_rate, shown.uncovered_rate, shown.poverty_rate]).toEqual([null, null, null]);
    }
    for (const row of screen.kelurahan) {
      for (const count of [row.stacked_households, row.uncovered_eligible_households]) {
        if (typeof count === "number") expect(count === 0 || count >= 20).toBe(true);
      }
    }
    const text = JSON.stringify(screen);
    expect(text).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
    const names = await queryRows<{ name: string }>(
      fixture().ctx.db,
      sql`SELECT DISTINCT name FROM person WHERE length(name) >= 8 LIMIT 200`,
    );
    expect(names.filter((n) => text.includes(n.name))).toEqual([]);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 5 } });
  });

  it("hides a rate whose numerator is below k, and leaves no kelurahan to be found by differencing the city total", async () => {
    const admin = as("admin", []);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 20 } });
    const screen = (await commandScreen({ ctx: admin }))!;
    const counts = (await kelurahanCounts({ ctx: admin, input: { code: "64.72", ...screen.window } }))!.kelurahan;
    const byCode = new Map(counts.map((c) => [c.code!, c]));
    for (const row of screen.kelurahan) {
      const c = byCode.get(row.code)!;
      if (row.stacked_rate !== null)
        expect(c.stacked_households === 0 || c.stacked_households >= 20, row.code).toBe(true);
      if (row.uncovered_rate !== null)
        expect(c.uncovered_eligible_households === 0 || c.uncovered_eligible_households >= 20, row.code).toBe(true);
    }
    const overview = screen.overview as Record<string, unknown>;
    let hiddenSeen = 0;
    for (const figure of ["households", "stacked_households", "uncovered_eligible_households"] as const) {
      const total = overview[figure];
      expect(typeof total, figure).toBe("number");
      const shown = screen.kelurahan.filter((row) => typeof row[figure] === "number");
      const hidden = screen.kelurahan
        .filter((row) => typeof row[figure] !== "number")
        .map((row) =>
          "below" in (row[figure] as object)
            ? { code: row.code, min: 1, max: 19 }
            : { code: row.code, min: 0, max: Infinity },
        );
      hiddenSeen += hidden.length;
      expect(hidden.length, figure).not.toBe(1);
      // What differencing gives: the hidden cells' sum. No hidden kelurahan may be left a single value.
      const rest = (total as number) - shown.reduce((s, row) => s + (row[figure] as number), 0);
      expect(rest).toBe(hidden.reduce((s, cell) => s + byCode.get(cell.code)![figure], 0));
      for (const [i, cell] of hidden.entries()) {
        const others = hidden.filter((_, j) => j !== i);
        const low = Math.max(cell.min, rest - others.reduce((s, o) => s + o.max, 0));
        const high = Math.min(cell.max, rest - others.reduce((s, o) => s + o.min, 0));
        expect(low, `${figure} ${cell.code}`).toBeLessThan(high);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(0);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 5 } });
  });

  it("is for the mayor's office and admins only, and shows the scenes an admin chose", async () => {
    await expect(commandScreen({ ctx: as("lurah", ["64.72.05.1004"]) })).rejects.toBeInstanceOf(AccessDenied);
    await expect(commandScreen({ ctx: as("camat", ["64.72.05"]) })).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      changeScreenScenes({ ctx: as("pimpinan", ["64.72"]), input: { scenes: ["ringkasan"] } }),
    ).rejects.toBeInstanceOf(AccessDenied);
    await changeScreenScenes({ ctx: as("admin", []), input: { scenes: ["belum_menerima", "ringkasan"] } });
    expect((await commandScreen({ ctx: as("pimpinan", ["64.72"]) }))!.scenes).toEqual(["belum_menerima", "ringkasan"]);
  });
});
