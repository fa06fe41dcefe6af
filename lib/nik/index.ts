export { checkNik, checkNoKk, type NikContext, type NikResult } from "./check-nik";
export { type IdNumberText, idNumberText, nikCheckOf } from "./id-number-text";
export { maskIdNumber } from "./mask";
export { NIK_CHECK_LABELS } from "@/db/schema/vocabulary";
