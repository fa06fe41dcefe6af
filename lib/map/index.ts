export {
  CLASS_COLOURS,
  CLASS_METHOD_LABELS,
  CLASS_METHODS,
  classBreaks,
  type ClassMethod,
  classOf,
  NO_DATA_COLOUR,
} from "./classes";
export { scaleBar } from "./scale-bar";
