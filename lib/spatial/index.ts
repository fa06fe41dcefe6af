export { joinHouseholdsToAreas, PLACEMENT_COLUMNS, placementOf, type SpatialJoinReport, withSpatialJoinMemory } from "./join-households";
export { type LocationCounts, locationCounts } from "./location-counts";
