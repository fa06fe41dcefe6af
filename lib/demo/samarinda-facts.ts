/**
 * Facts about Kota Samarinda's 59 kelurahan: Kemendagri code, a centroid and the area in km²,
 * computed from the boundaries of github.com/cahyadsn/wilayah_boundaries (MIT, © 2024 Cahya DSN;
 * see the README's data sources). Only these facts are embedded: the demo city grows its own
 * outlines around the centroids, and real outlines are imported from a file.
 */
export interface KelurahanFact {
  code: string;
  lon: number;
  lat: number;
  areaKm2: number;
}

export const SAMARINDA_CODE = "64.72";

export const SAMARINDA_KELURAHAN: readonly KelurahanFact[] = [
  { code: "64.72.01.1001", lon: 117.17595, lat: -0.57585, areaKm2: 12.11 },
  { code: "64.72.01.1002", lon: 117.17484, lat: -0.60785, areaKm2: 58.5 },
  { code: "64.72.01.1003", lon: 117.22158, lat: -0.59461, areaKm2: 30.68 },
  { code: "64.72.01.1004", lon: 117.13639, lat: -0.57568, areaKm2: 24.17 },
  { code: "64.72.01.1005", lon: 117.22129, lat: -0.64666, areaKm2: 65.63 },
  { code: "64.72.02.1001", lon: 117.13008, lat: -0.51649, areaKm2: 3.93 },
  { code: "64.72.02.1002", lon: 117.14139, lat: -0.50945, areaKm2: 1.73 },
  { code: "64.72.02.1003", lon: 117.15115, lat: -0.51846, areaKm2: 0.96 },
  { code: "64.72.02.1009", lon: 117.15161, lat: -0.53031, areaKm2: 1.75 },
  { code: "64.72.02.1010", lon: 117.14768, lat: -0.5139, areaKm2: 0.42 },
  { code: "64.72.02.1011", lon: 117.12012, lat: -0.53743, areaKm2: 3.1 },
  { code: "64.72.03.1001", lon: 117.13256, lat: -0.49477, areaKm2: 1.08 },
  { code: "64.72.03.1002", lon: 117.13841, lat: -0.49766, areaKm2: 0.92 },
  { code: "64.72.03.1004", lon: 117.11586, lat: -0.47743, areaKm2: 5.97 },
  { code: "64.72.03.1005", lon: 117.14217, lat: -0.482, areaKm2: 2.12 },
  { code: "64.72.03.1006", lon: 117.11857, lat: -0.44574, areaKm2: 19.46 },
  { code: "64.72.03.1007", lon: 117.14421, lat: -0.48931, areaKm2: 0.98 },
  { code: "64.72.03.1008", lon: 117.14746, lat: -0.46564, areaKm2: 3.05 },
  { code: "64.72.03.1009", lon: 117.09274, lat: -0.45052, areaKm2: 17.78 },
  { code: "64.72.04.1001", lon: 117.15893, lat: -0.5187, areaKm2: 2.08 },
  { code: "64.72.04.1002", lon: 117.16142, lat: -0.50775, areaKm2: 0.69 },
  { code: "64.72.04.1003", lon: 117.1643, lat: -0.49481, areaKm2: 1.15 },
  { code: "64.72.04.1013", lon: 117.17265, lat: -0.49917, areaKm2: 1.25 },
  { code: "64.72.04.1014", lon: 117.15885, lat: -0.4872, areaKm2: 0.66 },
  { code: "64.72.05.1002", lon: 117.16005, lat: -0.46031, areaKm2: 4.69 },
  { code: "64.72.05.1003", lon: 117.19656, lat: -0.40577, areaKm2: 34.52 },
  { code: "64.72.05.1004", lon: 117.26753, lat: -0.38994, areaKm2: 36.32 },
  { code: "64.72.05.1010", lon: 117.1563, lat: -0.38322, areaKm2: 72.79 },
  { code: "64.72.05.1011", lon: 117.23568, lat: -0.4307, areaKm2: 48.88 },
  { code: "64.72.05.1012", lon: 117.14824, lat: -0.44594, areaKm2: 1.82 },
  { code: "64.72.05.1013", lon: 117.16202, lat: -0.43931, areaKm2: 5.96 },
  { code: "64.72.05.1014", lon: 117.22147, lat: -0.35712, areaKm2: 27.99 },
  { code: "64.72.06.1001", lon: 117.08082, lat: -0.52743, areaKm2: 11.88 },
  { code: "64.72.06.1002", lon: 117.07325, lat: -0.56248, areaKm2: 12.32 },
  { code: "64.72.06.1003", lon: 117.10926, lat: -0.52059, areaKm2: 5.42 },
  { code: "64.72.06.1004", lon: 117.08598, lat: -0.48058, areaKm2: 32.97 },
  { code: "64.72.06.1005", lon: 117.1244, lat: -0.49957, areaKm2: 1.26 },
  { code: "64.72.06.1006", lon: 117.10679, lat: -0.50737, areaKm2: 2.11 },
  { code: "64.72.06.1007", lon: 117.11574, lat: -0.50038, areaKm2: 1.61 },
  { code: "64.72.07.1001", lon: 117.17332, lat: -0.53543, areaKm2: 7.25 },
  { code: "64.72.07.1002", lon: 117.19647, lat: -0.50478, areaKm2: 30.26 },
  { code: "64.72.07.1003", lon: 117.24014, lat: -0.51604, areaKm2: 32.71 },
  { code: "64.72.07.1004", lon: 117.26218, lat: -0.55074, areaKm2: 4.85 },
  { code: "64.72.07.1005", lon: 117.20252, lat: -0.54844, areaKm2: 17.26 },
  { code: "64.72.08.1001", lon: 117.1628, lat: -0.47109, areaKm2: 1.58 },
  { code: "64.72.08.1002", lon: 117.16926, lat: -0.47963, areaKm2: 5.9 },
  { code: "64.72.08.1003", lon: 117.17948, lat: -0.44554, areaKm2: 5.88 },
  { code: "64.72.08.1004", lon: 117.20481, lat: -0.47604, areaKm2: 14.2 },
  { code: "64.72.08.1005", lon: 117.15423, lat: -0.48478, areaKm2: 0.68 },
  { code: "64.72.09.1001", lon: 117.15612, lat: -0.50548, areaKm2: 0.58 },
  { code: "64.72.09.1002", lon: 117.15195, lat: -0.50323, areaKm2: 0.97 },
  { code: "64.72.09.1003", lon: 117.14706, lat: -0.50118, areaKm2: 0.53 },
  { code: "64.72.09.1004", lon: 117.14419, lat: -0.49702, areaKm2: 0.76 },
  { code: "64.72.09.1005", lon: 117.15465, lat: -0.49342, areaKm2: 0.76 },
  { code: "64.72.10.1001", lon: 117.10025, lat: -0.57186, areaKm2: 4.72 },
  { code: "64.72.10.1002", lon: 117.10604, lat: -0.58679, areaKm2: 6.34 },
  { code: "64.72.10.1003", lon: 117.09301, lat: -0.55142, areaKm2: 5.93 },
  { code: "64.72.10.1004", lon: 117.11745, lat: -0.5544, areaKm2: 8.32 },
  { code: "64.72.10.1005", lon: 117.1372, lat: -0.534, areaKm2: 6.55 },
];
