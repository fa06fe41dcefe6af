export { joinHouseholdsToAreas, PLACEMENT_COLUMNS, placementOf, type SpatialJoinReport } from "./join-households";
export { type LocationCounts, locationCounts } from "./location-counts";
