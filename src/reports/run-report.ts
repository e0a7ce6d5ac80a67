import type { EntityManager } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import { compilePersonFilter, type PersonFilterInput } from '../core/filter/person-filter.compiler.js';
import { SqlBuilder } from '../contract/sql-builder.js';
import type { RowScope } from '../auth/row-scope.js';
import { badUserInput } from '../core/errors.js';
import { formatMoney } from '../core/scalars.js';
import { parallelWorkersFromEnv } from '../db/parallel-workers.js';
import { dimensionsOf } from './dimensions.js';
import type { DimensionSpec } from '../contract/report-dimension.js';
import { MEASURES, RATES, type RateSpec } from './measures.js';
import { cellKeySql, recordKeySql } from '../disclosure/record-key.js';
import type { ReportMeasureColumn, ReportResult, ReportRow } from './report-types.js';

export interface ReportDefinition {
  title?: string | null;
  filter?: PersonFilterInput | null;
  groupBy: string[];
  measures: string[];
  rates: string[];
  customRates: Array<{ key: string; label: string; numerator: PersonFilterInput; denominator: PersonFilterInput }>;
  subtotals: boolean;
  year?: number | null;
}

export interface ReportScope {
  departments: readonly DepartmentModule[];
  /** The caller's row scope: every cell and total is confined to it. */
  rows: RowScope;
  /** Compute the cell keys and largest terms disclosure control needs (not for exact callers). */
  cellKeys?: boolean;
}

const MAX_DIMENSIONS = 3;
/** Result columns disclosure control reads: the cell key of the cell's persons (suffix: of a rate part) and a sum's largest term. */
const CELL_KEY = '__CK';
const LARGEST = '__MAX';
const REPORT_WORK_MEM = /^\d+(kB|MB|GB)$/.test(process.env.CAREGRAPH_REPORT_WORK_MEM ?? '') ? process.env.CAREGRAPH_REPORT_WORK_MEM! : '256MB';
/**
 * Workers per report statement. Serial by default: two callers running Q3 at 1M persons on 2 cores
 * wait p50 194 ms serial and 276 ms with 2 workers each (a lone caller: 195 vs 130 ms).
 */
const REPORT_PARALLEL_WORKERS = parallelWorkersFromEnv('CAREGRAPH_REPORT_PARALLEL_WORKERS');
/**
 * The hub's data is read from shared buffers or SSD, not a spinning disk (the 4.0 default): at 1.1
 * the planner reads persons through the narrow report-columns index instead of the person table.
 */
export const REPORT_RANDOM_PAGE_COST = '1.1';

function checkDefinition(def: ReportDefinition): void {
  if (def.groupBy.length > MAX_DIMENSIONS) throw badUserInput('input.groupBy', `at most ${MAX_DIMENSIONS} dimensions`);
  if (new Set(def.groupBy).size !== def.groupBy.length) throw badUserInput('input.groupBy', 'a dimension appears twice');
  const keys = [...def.rates, ...def.customRates.map((r) => r.key)];
  if (new Set(keys).size !== keys.length) throw badUserInput('input.customRates', 'rate keys must be unique');
  def.customRates.forEach((r, i) => {
    if (!/^[A-Z][A-Z0-9_]{0,39}$/.test(r.key)) throw badUserInput(`input.customRates[${i}].key`, 'must be UPPER_SNAKE_CASE, at most 40 characters');
  });
}

/**
 * Compiles a report to ONE SQL statement: an inner select computes each person's dimension
 * values, per-person measures and rate flags under the filter and region scope; the outer select
 * aggregates with CUBE (or just the detail and the grand total) and joins region names.
 */
export function compileReport(def: ReportDefinition, scope: ReportScope): { text: string; params: unknown[]; columns: ReportMeasureColumn[] } {
  checkDefinition(def);
  const dimensions = dimensionsOf(scope.departments);
  // Persons are always counted: suppression keys on them even when the caller shows other measures.
  if (!def.measures.includes('PERSONS')) def = { ...def, measures: ['PERSONS', ...def.measures] };
  const sql = new SqlBuilder();
  const filterScope = { departments: scope.departments, person: 'p', household: 'h' };
  const year = def.year ?? new Date().getUTCFullYear() - 1;
  // Each person's record key, summed per cell into the cell keys disclosure control rounds by.
  const keyed = scope.cellKeys === true;
  const inner: string[] = ['p.id as person_id', ...(keyed ? [`${recordKeySql('p.id')} as rk`] : [])];
  const outer: string[] = [];
  const columns: ReportMeasureColumn[] = [];
  // Joined per-person relations; built after the select list so placeholders stay in text order.
  const joins: Array<() => string> = [];
  const joinAlias = (make: () => string) => {
    const alias = `j${joins.length}`;
    joins.push(() => `left join ${make()} ${alias} on ${alias}.person_id = p.id`);
    return alias;
  };

  def.groupBy.forEach((dim, i) => {
    const spec = dimensions[dim]!;
    const alias = spec.join ? joinAlias(() => spec.join!) : '';
    inner.push(`${spec.sql.replaceAll('$j', alias)} as d${i}`);
  });
  def.measures.forEach((key, i) => {
    const m = MEASURES[key]!;
    const alias = m.join ? joinAlias(() => m.join!(sql, year)) : '';
    if (m.perPerson) inner.push(`${m.perPerson.replaceAll('$j', alias)} as m${i}`);
    outer.push(`${m.aggregate(`m${i}`)} as "${key}"`);
    if (keyed && m.kind === 'sum') outer.push(`coalesce(max(abs(x.m${i})), 0)::text as "${key}${LARGEST}"`);
    columns.push({ key, label: m.label, kind: m.kind });
  });
  const rates: Array<[string, string, RateSpec]> = [
    ...def.rates.map((k): [string, string, RateSpec] => [k, RATES[k]!.label, RATES[k]!]),
    ...def.customRates.map((r): [string, string, RateSpec] => [r.key, r.label, r]),
  ];
  rates.forEach(([key, label, rate], i) => {
    const part = (f: RateSpec['numerator'], path: string) =>
      typeof f === 'function' ? f('p') : compilePersonFilter(f, filterScope, sql, path);
    inner.push(`(${part(rate.denominator, `input.rates.${key}.denominator`)}) as den${i}`);
    inner.push(`(${part(rate.numerator, `input.rates.${key}.numerator`)}) as num${i}`);
    outer.push(`count(*) filter (where x.den${i} and x.num${i}) as "${key}_NUM"`, `count(*) filter (where x.den${i}) as "${key}_DEN"`);
    if (keyed) outer.push(`${cellKeySql('x.rk', `x.den${i} and x.num${i}`)} as "${key}_NUM${CELL_KEY}"`, `${cellKeySql('x.rk', `x.den${i}`)} as "${key}_DEN${CELL_KEY}"`);
    columns.push(
      { key: `${key}_NUM`, label: `${label}(分子)`, kind: 'count' },
      { key: `${key}_DEN`, label: `${label}(分母)`, kind: 'count' },
      { key, label, kind: 'rate', numerator: `${key}_NUM`, denominator: `${key}_DEN` },
    );
  });
  const from = ['core.person p left join core.household h on h.id = p.household_id', ...joins.map((j) => j())].join(' ');

  let where = compilePersonFilter(def.filter, filterScope, sql);
  where += scope.rows.and('p.region_code', sql);
  if (keyed) outer.push(`${cellKeySql('x.rk')} as "${CELL_KEY}"`);
  const dims = def.groupBy.map((_, i) => `x.d${i}`);
  const grouping = dims.length === 0 ? '' : def.subtotals ? `group by cube(${dims.join(', ')})` : `group by grouping sets ((${dims.join(', ')}), ())`;
  const groupingBits = dims.length ? `grouping(${dims.join(', ')})` : '0';
  // `offset 0` keeps the row subquery from being pulled up into the grouping query: pulled up under
  // grouping sets, its dimension expressions become placeholders computed in the person scan —
  // for all 1M persons instead of the rows the filter keeps (Q3: ~200 → ~150 ms, as the ceiling).
  const aggregated = `select ${[...dims.map((d, i) => `${d} as d${i}`), `${groupingBits} as grp`, ...outer].join(', ')}
    from (select ${inner.join(', ')} from ${from} where ${where} offset 0) x ${grouping}`;
  // Region names by primary key for the few result rows; a join made Postgres hash the whole
  // region table (55k divisions) for a few dozen cells.
  const regionNames = def.groupBy
    .map((dim, i) => (dimensions[dim]!.region ? `, (select r.name from core.region r where r.code = rpad(g.d${i}, 12, '0')) as l${i}` : ''))
    .join('');
  const order = ['g.grp', ...def.groupBy.map((_, i) => `g.d${i}`)].join(', ');
  const text = `select g.*${regionNames} from (${aggregated}) g order by ${order}`;
  return { text, params: sql.params, columns };
}

function toRow(def: ReportDefinition, dimensions: Record<string, DimensionSpec>, columns: ReportMeasureColumn[], raw: Record<string, unknown>): ReportRow {
  const grp = Number(raw.grp ?? 0);
  const n = def.groupBy.length;
  const keys = def.groupBy.map((_, i) => ((grp >> (n - 1 - i)) & 1 ? null : String(raw[`d${i}`])));
  const labels = def.groupBy.map((dim, i) => {
    const key = keys[i];
    if (key == null) return null;
    const spec = dimensions[dim]!;
    return spec.region ? ((raw[`l${i}`] as string | null) ?? (key === 'NONE' ? '无' : key)) : (spec.labels?.[key] ?? key);
  });
  const values: ReportRow['values'] = {};
  const cellKeys: Record<string, string> = {};
  const largest: Record<string, string> = {};
  for (const c of columns) {
    if (c.kind === 'count') {
      values[c.key] = Number(raw[c.key]);
      // Persons and households are keyed by the cell's persons; a rate's parts by their own subsets.
      cellKeys[c.key] = String(raw[`${c.key}${CELL_KEY}`] ?? raw[CELL_KEY]);
    } else if (c.kind === 'sum') {
      values[c.key] = formatMoney(raw[c.key]);
      cellKeys[c.key] = String(raw[CELL_KEY]);
      largest[c.key] = String(raw[`${c.key}${LARGEST}`]);
    }
  }
  for (const c of columns.filter((x) => x.kind === 'rate')) {
    const den = values[c.denominator!] as number;
    values[c.key] = den > 0 ? (values[c.numerator!] as number) / den : null;
  }
  return { keys, labels, values, suppressed: {}, ...(CELL_KEY in raw ? { control: { cellKeys, largest } } : {}) };
}

/** Runs a report definition: one statement, rows ordered detail first, subtotals after, grand total last. */
export async function runReport(em: EntityManager, def: ReportDefinition, scope: ReportScope): Promise<ReportResult> {
  const { text, params, columns } = compileReport(def, scope);
  const dimensions = dimensionsOf(scope.departments);
  // Record tests in a select list run as hashed subplans only while the hash fits in work_mem;
  // past it Postgres re-runs the subquery for every person. Reports get room for a province.
  const raw = await em.transactional(async (tx) => {
    await tx
      .getConnection()
      .execute(
        `select set_config('work_mem', ?, true), set_config('max_parallel_workers_per_gather', ?, true), set_config('random_page_cost', ?, true)`,
        [REPORT_WORK_MEM, String(REPORT_PARALLEL_WORKERS), REPORT_RANDOM_PAGE_COST],
        'run',
        tx.getTransactionContext(),
      );
    return tx.getConnection().execute<Array<Record<string, unknown>>>(text, params, 'all', tx.getTransactionContext());
  });
  return {
    title: def.title ?? null,
    dimensions: def.groupBy.map((key) => ({ key, label: dimensions[key]!.label })),
    measures: columns,
    rows: raw.map((r) => toRow(def, dimensions, columns, r)),
    suppressionThreshold: null,
  };
}
