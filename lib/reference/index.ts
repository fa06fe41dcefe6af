export { BPS_POVERTY, type BpsPovertySeries, type BpsPovertyYear, bpsPovertyOf, yearsWithGaps } from "./bps-poverty";
