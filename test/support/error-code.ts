/** The `code` of the error `fn` throws (e.g. an `IntakeFieldError`'s), or `NO_ERROR` when it returns. */
export function errorCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
  return 'NO_ERROR';
}
