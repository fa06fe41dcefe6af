// What the browser may load from lib/screen: no database, no Node. Client components import these from here.
export { SCENE_LABELS, SCREEN_SCENES, type ScreenScene } from "./scene-list";
