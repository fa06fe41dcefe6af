// What the browser may load from lib/analytics: no database, no Node. Client components import these from here.
export { INDICATOR_KEYS, INDICATORS, type Indicator, type IndicatorKey } from "./indicators";
export { addMonths } from "./periods";
export { HOUSEHOLD_CLASSES, type HouseholdClass } from "./household-classes";
