/** Month arithmetic on `YYYY-MM` periods; no database, so pages in the browser use it too. */

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` shifted by whole months. */
export function addMonths(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** How many months `from`..`to` spans, both included. */
export function monthsBetween(from: string, to: string): number {
  const index = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7));
  return index(to) - index(from) + 1;
}

/** Every month of a window, in order. */
export function monthsOf(window: { from: string; to: string }): string[] {
  const months: string[] = [];
  for (let period = window.from; period <= window.to; period = addMonths(period, 1)) months.push(period);
  return months;
}
