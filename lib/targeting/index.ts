export {
  adoptScenario,
  exportScenarioList,
  type PaidFollowing,
  scenarioDetail,
  scenarioExportParams,
  type ScenarioHousehold,
  scenarioHouseholds,
} from "./adopt";
export { computeScenario, type ScenarioArea, type ScenarioResult, type SelectedHousehold } from "./compute";
export {
  type Quota,
  QUOTA_LEVELS,
  type QuotaLevel,
  quotaCost,
  quotaHouseholds,
  type ResolvedScenario,
  scenarioParams,
  type ScenarioParams,
  ScenarioProblem,
} from "./params";
export {
  type AdoptedInArea,
  adoptedScenariosInArea,
  compareScenarios,
  comparisonParams,
  type SavedScenario,
  type ScenarioComparison,
  type ScenarioFigures,
  getScenario,
  listScenarios,
  saveScenario,
  saveScenarioParams,
  scenarioIdParam,
} from "./saved";
