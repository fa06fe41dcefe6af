export { BoundaryFileError } from "./errors";
export { IMPORTABLE_LEVELS, type ImportableLevel, toBoundaryRows } from "./features";
export { type BoundaryImportInput, type BoundaryImportReport, importBoundaries } from "./import";
export { readBoundaryFile } from "./read-file";
export {
  type AreaUpsertReport,
  createAreaStaging,
  type RepairedGeometry,
  stageGeoJsonAreas,
  upsertStagedAreas,
} from "./upsert";
