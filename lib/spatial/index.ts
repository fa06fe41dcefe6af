export {
  joinHouseholdsToAreas,
  placementColumnList,
  placementOf,
  placeHouseholds,
  type SpatialJoinReport,
  withSpatialJoinMemory,
} from "./join-households";
export { type LocationCounts, locationCounts } from "./location-counts";
