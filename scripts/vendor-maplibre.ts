import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";

// Runs before `next build` and `next dev`. MapLibre 6 starts its worker from a separate ES
// module that imports a sibling; bundlers emit the one without the other, so both are served
// as plain files from public/maplibre/ and the map points setWorkerUrl at them.
const from = path.join(process.cwd(), "node_modules", "maplibre-gl", "dist");
const to = path.join(process.cwd(), "public", "maplibre");
mkdirSync(to, { recursive: true });
for (const file of ["maplibre-gl-worker.mjs", "maplibre-gl-shared.mjs"])
  copyFileSync(path.join(from, file), path.join(to, file));
