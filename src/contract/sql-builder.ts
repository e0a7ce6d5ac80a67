/**
 * Collects positional parameters while SQL text is assembled. Placeholders are knex-style `?`,
 * because statements run through MikroORM's connection (`em.getConnection().execute`).
 * Fragments must be built in the order they appear in the text.
 */
export class SqlBuilder {
  readonly params: unknown[] = [];
  private aliasCounter = 0;

  /** Adds a bound scalar value and returns its placeholder. Arrays go through {@link array}. */
  param(value: unknown): string {
    if (Array.isArray(value)) return this.array(value, 'text');
    this.params.push(value);
    return '?';
  }

  /**
   * Adds a bound array as one Postgres array literal. knex would expand a JS array into a list
   * of placeholders, which `= any(...)` cannot take.
   */
  array(values: readonly unknown[], elementType: 'text' | 'bigint' | 'int'): string {
    this.params.push(toArrayLiteral(values));
    return `?::${elementType}[]`;
  }

  /** A fresh table alias, so nested EXISTS subqueries never shadow each other. */
  alias(prefix: string): string {
    this.aliasCounter += 1;
    return `${prefix}${this.aliasCounter}`;
  }
}

/** `{"a","b \"c\""}`: every element quoted, backslashes and quotes escaped; null stays NULL. */
export function toArrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => (v == null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${items.join(',')}}`;
}
