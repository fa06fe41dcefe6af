export {
  IMPORT_STEP_LABELS,
  type ImportProgress,
  type ImportStep,
  type ImportStepEvent,
  type RowRejection,
  takeImportTurn,
} from "./batch";
export { CsvFileError, decodeCsv, detectDelimiter, parseCsv } from "./csv";
export { parseDate, parsePeriod } from "./dates";
export { type DtksImportReport, importDtks } from "./dtks/import";
export {
  exportRejections,
  IMPORT_HISTORY_PAGE_SIZE,
  type ImportBatchDetail,
  type ImportBatchRow,
  IMPORT_KIND_LABELS,
  IMPORT_OUTCOME_LABELS,
  IMPORT_STATUS_LABELS,
  importHistoryParams,
  type ImportOutcome,
  listImportBatches,
  readImportBatch,
  REJECTION_PAGE_SIZE,
  rejectionParams,
} from "./history";
export { dtksUploadOptions } from "./dtks/options";
export { type DukcapilImportReport, importDukcapilEvents } from "./dukcapil/import";
export {
  exportDtksMemberList,
  exportProposalsForSiksNg,
  SIKSNG_PROPOSAL_COLUMNS,
  type SiksNgExportInput,
} from "./dtks/export-file";
export { parseDtksRows } from "./dtks/parse-rows";
export {
  DTKS_COLUMNS,
  type DtksColumn,
  type HeaderMapping,
  mapHeaders,
  normalizeHeader,
  RECIPIENT_COLUMNS,
  type RecipientColumn,
} from "./headers";
export { importRecipients, type RecipientImportInput, type RecipientImportReport } from "./recipients/import";
export { parseRecipientRows, UnknownProgramError } from "./recipients/parse-rows";
export { readTable, type Table } from "./table";
export { TEMPLATE_NAMES, type TemplateName, templateFile, TEXT_COLUMNS } from "./templates";
export { readXlsx } from "./xlsx/read";
export { unzipCapped } from "./zip";
export {
  applyColumnMapping,
  type ColumnMapping,
  columnMappingSchema,
  fileColumns,
  type ImportPreset,
  listPresets,
  presetColumns,
  presetNameSchema,
  savePreset,
} from "./presets";
