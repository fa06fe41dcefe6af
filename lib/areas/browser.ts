// What the browser may load from lib/areas: no database, no Node. Client components import these from here.
export { AREA_LEVEL_LABELS, areaTitle, CHILD_LEVEL_LABELS } from "./labels";
