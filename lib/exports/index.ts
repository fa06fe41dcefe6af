export { neutralizeFormula } from "./cells";
export { type CsvCell, csvDownload, writeCsv } from "./csv";
export { writeXlsx, type XlsxSheet } from "./xlsx";
