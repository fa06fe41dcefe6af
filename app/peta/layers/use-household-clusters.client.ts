import { Marker, type MapLibreMap } from "maplibre-gl";
import { useEffect } from "react";

import type { HouseholdClass } from "@/lib/analytics/browser";
import { formatInteger } from "@/lib/format";

import { HOUSEHOLD_CLASS_STYLE, TILE_SOURCES, type MapDetail } from "../map-style";

/** More markers than this slow a phone down; the largest clusters are kept. */
const MAX_CLUSTERS = 600;

interface Cluster {
  key: string;
  lngLat: [number, number];
  households: number;
  byClass: Record<HouseholdClass, number>;
}

/** A cluster feature's counts: each class the tile counts, and `lainnya` as the rest. */
function clusterOf(properties: Record<string, unknown>, lngLat: [number, number]): Cluster {
  const households = Number(properties.households);
  const byClass = {} as Record<HouseholdClass, number>;
  let counted = 0;
  for (const { kelas } of HOUSEHOLD_CLASS_STYLE) {
    if (kelas === "lainnya") continue;
    byClass[kelas] = Number(properties[kelas] ?? 0);
    counted += byClass[kelas];
  }
  byClass.lainnya = Math.max(0, households - counted);
  return { key: `${lngLat[0].toFixed(6)},${lngLat[1].toFixed(6)},${households}`, lngLat, households, byClass };
}

/** The cluster points of the tiles in use, once each (a point lies in one tile only). */
function loadedClusters(map: MapLibreMap): Cluster[] {
  const byKey = new Map<string, Cluster>();
  const features = map.querySourceFeatures(TILE_SOURCES.households.source, {
    sourceLayer: TILE_SOURCES.households.layer,
    filter: ["has", "households"],
  });
  for (const feature of features) {
    if (feature.geometry.type !== "Point") continue;
    const cluster = clusterOf(feature.properties, feature.geometry.coordinates as [number, number]);
    byKey.set(cluster.key, cluster);
  }
  return [...byKey.values()].sort((a, b) => b.households - a.households).slice(0, MAX_CLUSTERS);
}

/** The share of each class as a ring, most pressing first from twelve o'clock. */
function ringOf(cluster: Cluster): string {
  const stops: string[] = [];
  let from = 0;
  for (const { kelas, colour } of HOUSEHOLD_CLASS_STYLE) {
    const share = cluster.byClass[kelas] / cluster.households;
    if (share <= 0) continue;
    const to = from + share * 360;
    stops.push(`${colour} ${from.toFixed(1)}deg ${to.toFixed(1)}deg`);
    from = to;
  }
  return `conic-gradient(${stops.join(", ")})`;
}

function clusterElement(cluster: Cluster, onTap: () => void): HTMLElement {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "household-cluster";
  const size = Math.round(Math.min(56, 22 + 3 * Math.sqrt(cluster.households)));
  element.style.width = `${size}px`;
  element.style.height = `${size}px`;
  element.style.background = ringOf(cluster);
  const count = document.createElement("span");
  count.textContent = formatInteger(cluster.households);
  element.append(count);
  const parts = HOUSEHOLD_CLASS_STYLE.filter(({ kelas }) => cluster.byClass[kelas] > 0).map(
    ({ kelas, label }) => `${label} ${formatInteger(cluster.byClass[kelas])}`,
  );
  element.title = `${formatInteger(cluster.households)} rumah tangga: ${parts.join(", ")}`;
  element.setAttribute("aria-label", `${element.title}. Perbesar peta ke sini.`);
  element.dataset.households = String(cluster.households);
  for (const { kelas } of HOUSEHOLD_CLASS_STYLE) element.dataset[kelas] = String(cluster.byClass[kelas]);
  element.addEventListener("click", (event) => {
    event.stopPropagation();
    onTap();
  });
  return element;
}

/**
 * The household clusters as markers: the count in the middle, and around it a ring with the
 * share of each class, so a class that is never the most pressing in a cluster (the eligible
 * households not reached, next to stacked ones) still shows. A tap zooms in on the cluster.
 * Rebuilt whenever the map settles, keeping the markers that did not change.
 */
export function useHouseholdClusters(map: MapLibreMap | null, { householdMinZoom }: MapDetail): void {
  useEffect(() => {
    if (!map) return;
    const shown = new Map<string, Marker>();
    const update = () => {
      const clusters = map.getZoom() >= householdMinZoom ? loadedClusters(map) : [];
      const keep = new Set(clusters.map((c) => c.key));
      for (const [key, marker] of shown) {
        if (keep.has(key)) continue;
        marker.remove();
        shown.delete(key);
      }
      for (const cluster of clusters) {
        if (shown.has(cluster.key)) continue;
        const zoomIn = () => map.easeTo({ center: cluster.lngLat, zoom: Math.min(map.getZoom() + 2, 17) });
        shown.set(
          cluster.key,
          new Marker({ element: clusterElement(cluster, zoomIn) }).setLngLat(cluster.lngLat).addTo(map),
        );
      }
    };
    map.on("idle", update);
    return () => {
      map.off("idle", update);
      for (const marker of shown.values()) marker.remove();
    };
  }, [map, householdMinZoom]);
}
