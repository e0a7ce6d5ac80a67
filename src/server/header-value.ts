/** A request header's first value, trimmed; null when absent or empty. */
export function headerValue(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v.trim() : null;
}
