export { cachedVectorTile } from "./cache";
export { tileParams } from "./params";
export {
  CLUSTER_MAX_ZOOM,
  CLUSTER_MIN_ZOOM,
  EXTENT,
  HOUSEHOLD_CLASSES,
  HOUSEHOLD_MIN_ZOOM,
  type Tile,
  TILE_LAYERS,
  type TileLayer,
  type TileRequest,
  vectorTile,
} from "./vector-tile";
