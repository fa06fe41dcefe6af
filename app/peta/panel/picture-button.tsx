"use client";

import type { MapLibreMap } from "maplibre-gl";
import { useState } from "react";

import { mapPicture, type MapPictureText } from "../map-picture.client";

/** Downloads the map as it stands as a PNG, drawn in the browser. */
export function PictureButton({
  map,
  text,
  fileName,
}: {
  map: MapLibreMap | null;
  text: () => MapPictureText;
  fileName: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    if (!map) return;
    setBusy(true);
    setError(null);
    try {
      const url = URL.createObjectURL(await mapPicture(map, text()));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Gambar peta tidak dapat dibuat.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <p>
      <button type="button" className="button secondary" onClick={download} disabled={!map || busy}>
        {busy ? "Membuat gambar …" : "Unduh gambar peta (PNG)"}
      </button>
      {error && (
        <span className="map-error" role="alert">
          {error}
        </span>
      )}
    </p>
  );
}
