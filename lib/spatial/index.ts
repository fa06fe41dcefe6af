export {
  joinHouseholdsToAreas,
  placementColumnList,
  placementOf,
  type SpatialJoinReport,
  withSpatialJoinMemory,
} from "./join-households";
export { type LocationCounts, locationCounts } from "./location-counts";
