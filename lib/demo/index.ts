export { DEMO_RT_TOTAL, demoKelurahanOutlines, rtCountsByArea } from "./demo-city";
export { Random } from "./random";
export { generateDemoRtAreas } from "./rt-areas";
export { SAMARINDA_CODE, SAMARINDA_KELURAHAN } from "./samarinda-facts";
export { type SeedInput, type SeedReport, type SeedStep, seedDemoCity } from "./seed";
export { DEMO_SOURCE_FILE, loadDemoRegister, type RegisterLoadReport, type RegisterStep } from "./load-register";
export {
  demoReceiptMonths,
  type FaultManifest,
  FIRST_PERIOD,
  generateRegister,
  LAST_PERIOD,
  monthsBetween,
  SAMARINDA_CALIBRATION,
} from "./register";
export { type LinkageTestSet, linkageTestSet, TEST_ROW_KINDS, type TestRowKind } from "./linkage-test-set";
