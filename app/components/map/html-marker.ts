import { Marker } from "maplibre-gl";

/** A text label drawn as an HTML marker (the styles load no glyphs); hidden from assistive technology. */
export function htmlMarker(text: string, className: string, lngLat: [number, number]): Marker {
  const element = document.createElement("div");
  element.className = className;
  element.textContent = text;
  element.setAttribute("aria-hidden", "true");
  return new Marker({ element }).setLngLat(lngLat);
}

/** Whether two label boxes on screen overlap: a label placed after another is then hidden. */
export function labelsOverlap(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
