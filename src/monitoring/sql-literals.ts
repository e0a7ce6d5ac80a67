/**
 * Literals for monitoring SQL. Rule statements inline their constants (labels, validated
 * numbers, dates) instead of binding them, so a rule's text can be composed in any order.
 * Never pass user input to `text`: use `SqlBuilder.param` for that.
 */
export function text(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function numeric(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

export function date(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`not an ISO date: ${isoDate}`);
  return `date '${isoDate}'`;
}
