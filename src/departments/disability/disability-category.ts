/**
 * Disability categories in certificate-digit order: the digit stored in `certificate.category`
 * (and printed in the certificate number) is the index here plus one.
 */
export const DISABILITY_CATEGORIES = ['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE'] as const;

export type DisabilityCategoryName = (typeof DISABILITY_CATEGORIES)[number];

/** 1..7 → enum name. Throws on any other digit: the column is meant to hold only these. */
export function categoryName(digit: unknown): DisabilityCategoryName {
  const name = DISABILITY_CATEGORIES[Number(digit) - 1];
  if (name === undefined) throw new Error(`Disability category digit ${String(digit)} is not one of 1..7`);
  return name;
}

/** Enum name → 1..7, or undefined for a name that is not a category. */
export function categoryDigit(name: string): number | undefined {
  const index = (DISABILITY_CATEGORIES as readonly string[]).indexOf(name);
  return index < 0 ? undefined : index + 1;
}
