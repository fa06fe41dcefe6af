export { joinHouseholdsToAreas, type SpatialJoinReport } from "./join-households";
