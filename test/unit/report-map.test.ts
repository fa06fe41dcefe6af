import { describe, expect, it } from "vitest";

import { svgOutlines } from "@/lib/report";

const square = (code: string, west: number, south: number, size: number) => ({
  type: "Feature" as const,
  properties: { code, name: code, label_lon: west + size / 2, label_lat: south + size / 2 },
  geometry: {
    type: "MultiPolygon" as const,
    coordinates: [
      [
        [
          [west, south],
          [west + size, south],
          [west + size, south + size],
          [west, south + size],
          [west, south],
        ],
      ],
    ],
  },
});

describe("the printed report's map projection", () => {
  it("fits the outlines in the box with its margin, north up, true to shape on the equator, with metres per unit for the scale bar", () => {
    // Two squares of 0.1° side by side at the equator: 0.2° × 0.1°, twice as wide as high.
    const { outlines, metresPerUnit } = svgOutlines(
      { type: "FeatureCollection", features: [square("a", 117, -0.1, 0.1), square("b", 117.1, -0.1, 0.1)] },
      600,
      420,
      10,
    );
    const points = outlines.flatMap((o) =>
      [...o.d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const),
    );
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    // Width-bound: 580 units across, 290 high, centred vertically.
    expect(Math.min(...xs)).toBeCloseTo(10, 0);
    expect(Math.max(...xs)).toBeCloseTo(590, 0);
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(290, 0);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(210, 0);
    // North up: the squares' northern edge (latitude 0) has the smaller y.
    const [first] = outlines;
    expect(first!.label[1]).toBeCloseTo(210, 0);
    expect(first!.label[0]).toBeLessThan(outlines[1]!.label[0]);
    // 0.2° of longitude at the equator is 22.26 km across 580 units.
    expect(metresPerUnit * 580).toBeCloseTo(22_264, -1);
  });

  it("draws nothing for an empty collection", () => {
    expect(svgOutlines({ type: "FeatureCollection", features: [] }, 600, 420)).toMatchObject({
      outlines: [],
      metresPerUnit: 0,
    });
  });
});
