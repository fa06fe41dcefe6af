export { joinHouseholdsToAreas, type SpatialJoinReport } from "./join-households";
export { type LocationCounts, locationCounts } from "./location-counts";
