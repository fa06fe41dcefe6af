export { checkNik, checkNoKk, type NikContext, type NikResult } from "./check-nik";
export { type IdNumberText, idNumberText } from "./id-number-text";
export { maskIdNumber } from "./mask";
