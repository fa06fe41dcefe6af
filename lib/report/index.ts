export {
  type AreaReport,
  readAreaReport,
  REPORT_MAP_SIZE,
  type ReportChild,
  type ReportTrendPoint,
} from "./area-report";
export { type SvgOutline, svgOutlines } from "./svg-map";
