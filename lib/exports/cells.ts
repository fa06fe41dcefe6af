/**
 * A cell as a spreadsheet must show it, never run it: text that Excel or LibreOffice would read
 * as a formula (=, +, -, @, or a tab or carriage return before one) gets a leading apostrophe.
 * Numbers stay numbers.
 */
export function neutralizeFormula(value: string | number | null): string | number | null {
  if (typeof value !== "string") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
