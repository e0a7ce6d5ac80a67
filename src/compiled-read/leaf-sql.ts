import { isEnumType, isNonNullType, isScalarType, type GraphQLOutputType } from 'graphql';
import type { ColumnInfo } from './column-catalog.js';

const TEXT = new Set(['character varying', 'text', 'character']);
const INTEGER = new Set(['integer', 'smallint']);

/**
 * How to render, inside `json_build_object`, exactly the JSON value the resolver path serializes
 * for a leaf field read from `column` (given the column's reference) — or null when this column
 * type cannot promise that, and the field keeps its resolver. Each case mirrors a scalar of src/core/scalars.ts or graphql-js:
 * - ID: ids are text in the API (bigint would exceed JSON's safe integers);
 * - Date: `YYYY-MM-DD` regardless of the session's DateStyle;
 * - DateTime: `Date#toISOString()`, UTC with milliseconds (both truncate microseconds);
 * - Money: two decimals, as `formatMoney` writes it;
 * - enums: stored under their SDL names (only enums whose values are their names qualify).
 */
export function leafSql(type: GraphQLOutputType, column: ColumnInfo): ((ref: string) => string) | null {
  if (isNonNullType(type) && column.nullable) return null;
  const named = isNonNullType(type) ? type.ofType : type;
  const dataType = column.dataType;
  if (isEnumType(named)) {
    const plain = named.getValues().every((v) => v.value === v.name);
    return plain && TEXT.has(dataType) ? (ref) => ref : null;
  }
  if (!isScalarType(named)) return null;
  switch (named.name) {
    case 'ID':
      return TEXT.has(dataType) || INTEGER.has(dataType) || dataType === 'bigint' ? (ref) => `${ref}::text` : null;
    case 'String':
      return TEXT.has(dataType) ? (ref) => ref : null;
    case 'Int':
      return INTEGER.has(dataType) ? (ref) => ref : null;
    case 'Float':
      return dataType === 'double precision' || dataType === 'real' ? (ref) => ref : dataType === 'numeric' ? (ref) => `${ref}::float8` : null;
    case 'Boolean':
      return dataType === 'boolean' ? (ref) => ref : null;
    case 'Date':
      return dataType === 'date' ? (ref) => `to_char(${ref}, 'YYYY-MM-DD')` : null;
    case 'DateTime':
      return dataType === 'timestamp with time zone' ? (ref) => `to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : null;
    case 'Money':
      return dataType === 'numeric' ? (ref) => `round(${ref}, 2)::text` : null;
    default:
      return null;
  }
}
