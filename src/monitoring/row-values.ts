/** Row values from raw SQL as the API writes them. */

/** `date` columns arrive as `YYYY-MM-DD` strings (MikroORM's pg parser) or Date objects (plain pg). */
export function isoDate(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}

export function isoDateTime(value: unknown): string | null {
  return value == null ? null : new Date(value as string).toISOString();
}
