/**
 * A NIK or No. KK as roles without the right to see it get it: the first four digits (province
 * and kabupaten/kota) and the last two, the rest starred — `6472**********03`.
 */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return value;
  if (value.length <= 6) return "*".repeat(value.length);
  return `${value.slice(0, 4)}${"*".repeat(value.length - 6)}${value.slice(-2)}`;
}
