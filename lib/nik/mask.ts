/**
 * A NIK or No. KK as roles without the right to see it get it: the first four digits (province
 * and kabupaten/kota) and nothing more — `6472************`. The other twelve are the kecamatan,
 * the birth date and sex (which a household page already tells), and the serial; showing any
 * digit of them narrows a guess that an exact search could confirm.
 */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return value;
  if (value.length <= 6) return "*".repeat(value.length);
  return `${value.slice(0, 4)}${"*".repeat(value.length - 4)}`;
}
