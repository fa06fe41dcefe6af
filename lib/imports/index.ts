export { CsvFileError, decodeCsv, detectDelimiter, parseCsv } from "./csv";
export { parseDate, parsePeriod } from "./dates";
export {
  DTKS_COLUMNS,
  type DtksColumn,
  type HeaderMapping,
  mapHeaders,
  normalizeHeader,
  RECIPIENT_COLUMNS,
  type RecipientColumn,
} from "./headers";
