import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY_RE = /^-?\d{1,10}(\.\d{1,2})?$/;

function isRealDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** Dates travel as `YYYY-MM-DD`; Postgres `date` columns already arrive in that form. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value).slice(0, 10);
  },
  parseValue(value) {
    if (typeof value !== 'string' || !isRealDate(value)) {
      throw new GraphQLError(`Date must be a real calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isRealDate(ast.value)) throw new GraphQLError('Date must be a string YYYY-MM-DD');
    return ast.value;
  },
});

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return d.toISOString();
  },
  parseValue(value) {
    const d = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return d.toISOString();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return new Date(ast.value).toISOString();
  },
});

/**
 * Formats a Postgres numeric (string, or a JSON number from `json_agg`) with two decimals
 * without float arithmetic on the digits.
 */
export function formatMoney(value: unknown): string {
  const text = typeof value === 'number' ? value.toFixed(2) : String(value);
  if (!MONEY_RE.test(text)) throw new GraphQLError(`Money cannot represent ${text}`);
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

function parseMoney(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !MONEY_RE.test(text)) {
    throw new GraphQLError(`Money must be yuan with at most two decimals, e.g. "1234.50", got ${JSON.stringify(value)}`);
  }
  return formatMoney(text);
}

export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  serialize: formatMoney,
  parseValue: parseMoney,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) throw new GraphQLError('Money must be a string like "1234.50"');
    return parseMoney(ast.value);
  },
});
