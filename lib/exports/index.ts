export { neutralizeFormula } from "./cells";
export { type CsvCell, csvDownload, writeCsv } from "./csv";
export { writeXlsx, XLSX_MAX_ROWS, type XlsxSheet } from "./xlsx";
