/** The command-center screen's scenes, in their default order (no database here: the browser imports it). */
export const SCREEN_SCENES = ["ringkasan", "bertumpuk", "belum_menerima", "kemiskinan", "kesegaran"] as const;
export type ScreenScene = (typeof SCREEN_SCENES)[number];

export const SCENE_LABELS: Record<ScreenScene, string> = {
  ringkasan: "Ringkasan kota",
  bertumpuk: "Di mana bantuan bertumpuk",
  belum_menerima: "Di mana yang layak belum menerima",
  kemiskinan: "Tren kemiskinan",
  kesegaran: "Kesegaran data",
};
