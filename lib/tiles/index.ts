export { cachedVectorTile } from "./cache";
export { TILE_LAYERS, type TileLayer, type TileRequest } from "./grid";
export { CLUSTER_MAX_ZOOM, CLUSTER_MIN_ZOOM, HOUSEHOLD_MIN_ZOOM } from "./household-layer";
export { tileAddressParams, tileParams } from "./params";
export { type Tile, vectorTile } from "./vector-tile";
