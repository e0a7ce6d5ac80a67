/**
 * CSV/formula injection defence (OWASP "CSV Injection"): Excel and WPS evaluate a text cell that
 * starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, DDE payloads), and a leading
 * tab or carriage return can hide such a prefix from a casual look. Region names and other labels
 * come from imported department ledgers, so they are untrusted text.
 */

/**
 * Formula triggers, possibly after leading whitespace: spreadsheet apps trim a cell before deciding
 * it is a formula, so `"  =1+1"` is as dangerous as `"=1+1"`. `\s` covers `\t`, `\r`, `\n` and the
 * full-width space U+3000 that Chinese input methods produce.
 */
const FORMULA_START = /^\s*[=+\-@\t\r]/;

/**
 * Prefixes `text` with a single quote when a spreadsheet could read it as a formula, so the cell is
 * always shown as the literal text. Apply to text cells only: a number written as a number (a
 * negative sum, say) is not a formula and must stay a number.
 *
 * @example neutraliseFormula('=HYPERLINK("http://x","y")') === `'=HYPERLINK("http://x","y")`
 * @example neutraliseFormula('城关镇') === '城关镇'
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
