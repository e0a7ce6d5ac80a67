/**
 * Division codes appear as 2 (province), 4 (city), 6 (county), 9 (township) or 12 (village)
 * digits; the hub stores the 12-digit statistical form padded with zeros.
 */
export function toRegionCode(code: string): string | null {
  const digits = code.trim();
  if (!/^\d{2,12}$/.test(digits)) return null;
  return digits.padEnd(12, '0');
}
