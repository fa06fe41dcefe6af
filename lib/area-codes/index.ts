export {
  ancestorCodesOf,
  areaCodeParam,
  areaCodePattern,
  areaLevelOfCode,
  kabkotaCodeOf,
  normalizeAreaCode,
  parentCodeOf,
  rtNameOf,
} from "./codes";
