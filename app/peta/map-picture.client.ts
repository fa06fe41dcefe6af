import type { MapLibreMap } from "maplibre-gl";

import { formatInteger } from "@/lib/format";
import { scaleBar } from "@/lib/map";

import { HOUSEHOLD_CLASS_STYLE } from "./map-style";

/** What the picture says besides the map itself. */
export interface MapPictureText {
  title: string;
  period: string;
  legendTitle: string;
  legend: Array<{ colour: string; label: string }>;
  /** The sample-data notice, where the data is a sample. */
  notice: string | null;
  source: string;
}

const HEADER = 58;
const FOOTER = 44;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const INK = "#1b1f23";

/** Text with a white halo, as the map's own labels are drawn. */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = "#ffffff";
  ctx.strokeText(text, x, y);
  ctx.fillText(text, x, y);
}

/** The names and clusters on the map are HTML over the canvas: drawn here where they are shown. */
function drawMarkers(ctx: CanvasRenderingContext2D, container: HTMLElement, top: number): void {
  const origin = container.getBoundingClientRect();
  for (const label of container.querySelectorAll<HTMLElement>(".map-label")) {
    const style = getComputedStyle(label);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = label.getBoundingClientRect();
    ctx.font = `${style.fontWeight} ${style.fontSize} ${FONT}`;
    ctx.fillStyle = style.color;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    haloText(
      ctx,
      style.textTransform === "uppercase" ? (label.textContent ?? "").toUpperCase() : (label.textContent ?? ""),
      box.left - origin.left + box.width / 2,
      top + box.top - origin.top + box.height / 2,
    );
  }
  for (const cluster of container.querySelectorAll<HTMLElement>(".household-cluster")) {
    const box = cluster.getBoundingClientRect();
    const x = box.left - origin.left + box.width / 2;
    const y = top + box.top - origin.top + box.height / 2;
    const radius = box.width / 2;
    const total = Number(cluster.dataset.households);
    let from = -Math.PI / 2;
    for (const { kelas, colour } of HOUSEHOLD_CLASS_STYLE) {
      const share = Number(cluster.dataset[kelas] ?? 0) / total;
      if (!(share > 0)) continue;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.arc(x, y, radius, from, from + share * 2 * Math.PI);
      ctx.closePath();
      ctx.fillStyle = colour;
      ctx.fill();
      from += share * 2 * Math.PI;
    }
    ctx.beginPath();
    ctx.arc(x, y, radius * 0.68, 0, 2 * Math.PI);
    ctx.fillStyle = "#ffffff";
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.font = `700 11px ${FONT}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(formatInteger(total), x, y);
  }
}

function drawLegend(ctx: CanvasRenderingContext2D, text: MapPictureText, bottom: number): void {
  const rowHeight = 20;
  ctx.font = `600 13px ${FONT}`;
  const width = Math.max(
    ctx.measureText(text.legendTitle).width,
    ...text.legend.map(({ label }) => ctx.measureText(label).width + 28),
  );
  const height = 30 + text.legend.length * rowHeight;
  const left = 12;
  const top = bottom - height - 12;
  ctx.fillStyle = "rgba(255, 255, 255, 0.94)";
  ctx.strokeStyle = "#d0d7de";
  ctx.lineWidth = 1;
  ctx.fillRect(left, top, width + 20, height);
  ctx.strokeRect(left, top, width + 20, height);
  ctx.fillStyle = INK;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillText(text.legendTitle, left + 10, top + 16);
  ctx.font = `400 13px ${FONT}`;
  text.legend.forEach(({ colour, label }, i) => {
    const y = top + 30 + i * rowHeight;
    ctx.fillStyle = colour;
    ctx.fillRect(left + 10, y + 3, 18, 14);
    ctx.fillStyle = INK;
    ctx.fillText(label, left + 36, y + 10);
  });
}

function drawNorthArrow(ctx: CanvasRenderingContext2D, x: number, y: number, bearing: number): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -18);
  ctx.lineTo(9, 10);
  ctx.lineTo(0, 4);
  ctx.lineTo(-9, 10);
  ctx.closePath();
  ctx.fillStyle = INK;
  ctx.fill();
  ctx.restore();
  ctx.font = `700 12px ${FONT}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillStyle = INK;
  haloText(ctx, "U", x, y + 14);
}

function drawScaleBar(ctx: CanvasRenderingContext2D, map: MapLibreMap, right: number, bottom: number): void {
  const latitude = map.getCenter().lat;
  // Web Mercator at MapLibre's 512-pixel tiles.
  const metresPerPixel = (40_075_016.686 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** map.getZoom());
  const { metres, units: pixels } = scaleBar(metresPerPixel, 120);
  const left = right - pixels - 12;
  const y = bottom - 14;
  ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
  ctx.fillRect(left - 6, y - 22, pixels + 12, 30);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(left, y - 6);
  ctx.lineTo(left, y);
  ctx.lineTo(left + pixels, y);
  ctx.lineTo(left + pixels, y - 6);
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.font = `400 12px ${FONT}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(
    metres >= 1000 ? `${formatInteger(metres / 1000)} km` : `${formatInteger(metres)} m`,
    left + pixels / 2,
    y - 7,
  );
}

/**
 * The map as it stands, as a PNG: title and period above, the map with its names, clusters,
 * legend, scale bar and north arrow, and the notice and source line below. Drawn in the browser
 * from the map's own frame (kept readable by preserveDrawingBuffer): nothing leaves the machine.
 */
export async function mapPicture(map: MapLibreMap, text: MapPictureText): Promise<Blob> {
  map.redraw();
  const source = map.getCanvas();
  const container = map.getContainer();
  const width = container.clientWidth;
  const height = container.clientHeight;
  const scale = source.width / width;
  const picture = document.createElement("canvas");
  picture.width = Math.round(width * scale);
  picture.height = Math.round((HEADER + height + FOOTER) * scale);
  const ctx = picture.getContext("2d")!;
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, HEADER + height + FOOTER);

  ctx.fillStyle = INK;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.font = `700 18px ${FONT}`;
  ctx.fillText(text.title, 12, 24);
  ctx.font = `400 14px ${FONT}`;
  ctx.fillText(text.period, 12, 46);

  ctx.drawImage(source, 0, HEADER, width, height);
  drawMarkers(ctx, container, HEADER);
  drawLegend(ctx, text, HEADER + height);
  drawScaleBar(ctx, map, width, HEADER + height);
  drawNorthArrow(ctx, width - 28, HEADER + 30, map.getBearing());

  ctx.fillStyle = INK;
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  ctx.font = `400 12px ${FONT}`;
  if (text.notice) ctx.fillText(text.notice, 12, HEADER + height + 18);
  ctx.fillText(text.source, 12, HEADER + height + 36);

  return new Promise((resolve, reject) =>
    picture.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("Gambar peta tidak dapat dibuat."))),
      "image/png",
    ),
  );
}
