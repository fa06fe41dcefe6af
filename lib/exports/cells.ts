/**
 * A cell as a spreadsheet must show it, never run it: text that Excel or LibreOffice would read
 * as a formula (=, +, -, @, or a tab or carriage return before one) gets a leading apostrophe.
 * Numbers stay numbers: only a value typed as text is neutralized.
 */
export function neutralizeFormula(value: string | number | null): string | number | null {
  if (typeof value !== "string") return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The first characters that make a spreadsheet read a cell as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;
