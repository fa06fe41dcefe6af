import { area, booleanPointInPolygon, featureCollection, intersect, point } from "@turf/turf";
import { describe, expect, it } from "vitest";

import { DEMO_RT_TOTAL, demoKelurahanOutlines, rtCountsByArea, SAMARINDA_KELURAHAN } from "@/lib/demo";

describe("demoKelurahanOutlines", () => {
  const outlines = demoKelurahanOutlines();

  it("gives each of Samarinda's 59 kelurahan one polygon around its real centroid", () => {
    expect(outlines.features).toHaveLength(59);
    outlines.features.forEach((feature, i) => {
      const fact = SAMARINDA_KELURAHAN[i]!;
      expect(feature.properties.kode).toBe(fact.code);
      expect(booleanPointInPolygon(point([fact.lon, fact.lat]), feature)).toBe(true);
    });
  });

  it("tiles the city without overlaps", () => {
    for (let i = 0; i < outlines.features.length; i++) {
      for (let j = i + 1; j < outlines.features.length; j++) {
        const overlap = intersect(featureCollection([outlines.features[i]!, outlines.features[j]!]));
        expect(overlap ? area(overlap) : 0).toBeLessThan(1);
      }
    }
  });

  it("is deterministic", () => {
    expect(JSON.stringify(demoKelurahanOutlines())).toBe(JSON.stringify(outlines));
  });
});

describe("rtCountsByArea", () => {
  it("gives every kelurahan some RT, more for larger ones, about the city's total", () => {
    const counts = rtCountsByArea(SAMARINDA_KELURAHAN.map(({ code, areaKm2 }) => ({ code, areaKm2 })));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(total - DEMO_RT_TOTAL)).toBeLessThanOrEqual(30);
    const smallest = counts.get("64.72.09.1004");
    const largest = counts.get("64.72.05.1003");
    expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(3);
    expect(largest).toBeGreaterThan(smallest!);
  });
});
