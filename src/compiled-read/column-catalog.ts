import type { EntityManager } from '@mikro-orm/postgresql';
import { SqlBuilder } from '../contract/sql-builder.js';

/** One column as PostgreSQL declares it. */
export interface ColumnInfo {
  /** `information_schema.columns.data_type`, e.g. `character varying`, `date`, `numeric`. */
  dataType: string;
  nullable: boolean;
}

/** Columns of every table the compiled read path may read, by `schema.table` then column name. */
export type ColumnCatalog = ReadonlyMap<string, ReadonlyMap<string, ColumnInfo>>;

/**
 * Reads the column catalog of `schemas` once at boot: the compiled read path only turns a field
 * into a column reference when the column exists with a type whose JSON form is the field's
 * serialized form (leaf-sql.ts), so a field the catalog cannot vouch for keeps its resolver.
 */
export async function loadColumnCatalog(em: EntityManager, schemas: readonly string[]): Promise<ColumnCatalog> {
  const sql = new SqlBuilder();
  const rows = await em
    .getConnection()
    .execute<Array<{ table_schema: string; table_name: string; column_name: string; data_type: string; is_nullable: string }>>(
      `select table_schema, table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = any(${sql.array(schemas, 'text')})`,
      sql.params,
    );
  const catalog = new Map<string, Map<string, ColumnInfo>>();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`;
    let table = catalog.get(key);
    if (!table) catalog.set(key, (table = new Map()));
    table.set(r.column_name, { dataType: r.data_type, nullable: r.is_nullable === 'YES' });
  }
  return catalog;
}
