export { ancestorCodesOf, areaLevelOfCode, kabkotaCodeOf, normalizeAreaCode, parentCodeOf, rtNameOf } from "./codes";
export { AREA_LEVEL_LABELS, areaTitle, CHILD_LEVEL_LABELS } from "./labels";
export {
  type AreaProperties,
  type AreaRecord,
  areaInventory,
  boundaryFeatures,
  getArea,
  homeKabkotaCode,
  kelurahanCodeSet,
  listAreasOfKabkota,
  listChildAreas,
} from "./queries";
export { kecamatanLookup, referenceNameOf, referenceNames } from "./reference-names";
export { type AreaUpsertReport, type RepairedGeometry } from "./upsert";
