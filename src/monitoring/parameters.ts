import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../core/errors.js';
import type { MonitoringRule, RuleParameterDefinition } from '../contract/monitoring-rule.js';
import { numeric, text } from './sql-literals.js';

/** A stored override: a rule parameter's value for a region prefix ('' = everywhere) and a year (null = every year). */
export interface ParameterOverride {
  ruleCode: string;
  name: string;
  regionPrefix: string;
  year: number | null;
  value: number;
  updatedBy: string;
  updatedAt: string;
}

/** Most specific first: longer region prefix wins; for the same prefix a year-specific value beats an all-years one. */
function bySpecificity(a: ParameterOverride, b: ParameterOverride): number {
  return b.regionPrefix.length - a.regionPrefix.length || (a.year == null ? 1 : 0) - (b.year == null ? 1 : 0);
}

/** Overrides that apply in `year` (year-specific or all-years), every rule, most specific first. */
export async function loadOverrides(em: EntityManager, year: number | null): Promise<ParameterOverride[]> {
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select rule_code, name, region_prefix, year, value::float8 as value, updated_by, updated_at
       from monitoring.rule_parameter ${year == null ? '' : 'where year is null or year = ?'}
      order by rule_code, name, region_prefix, year nulls first`,
    year == null ? [] : [year],
  );
  return rows
    .map((r) => ({
      ruleCode: String(r.rule_code),
      name: String(r.name),
      regionPrefix: String(r.region_prefix),
      year: r.year == null ? null : Number(r.year),
      value: Number(r.value),
      updatedBy: String(r.updated_by),
      updatedAt: new Date(r.updated_at as string).toISOString(),
    }))
    .sort(bySpecificity);
}

function definitionOf(rule: MonitoringRule, name: string): RuleParameterDefinition {
  const def = rule.parameters.find((p) => p.name === name);
  if (!def) throw new Error(`rule ${rule.code} has no parameter ${name}`);
  return def;
}

/**
 * SQL for a parameter's value at the household aliased `h`: one CASE over the overrides, most
 * specific first, so a run resolves every household's threshold inside the same set-based query.
 */
export function parameterSql(rule: MonitoringRule, overrides: readonly ParameterOverride[], name: string): string {
  const def = definitionOf(rule, name);
  const mine = overrides.filter((o) => o.ruleCode === rule.code && o.name === name);
  if (mine.length === 0) return numeric(def.defaultValue);
  const whens = mine.map((o) => `when h.region_code like ${text(`${o.regionPrefix}%`)} then ${numeric(o.value)}`);
  return `(case ${whens.join(' ')} else ${numeric(def.defaultValue)} end)`;
}

/** The value that applies to one region code (what `parameterSql` computes for its households). */
export function effectiveValue(rule: MonitoringRule, overrides: readonly ParameterOverride[], name: string, regionCode: string): number {
  const def = definitionOf(rule, name);
  const hit = overrides.find((o) => o.ruleCode === rule.code && o.name === name && regionCode.startsWith(o.regionPrefix));
  return hit ? hit.value : def.defaultValue;
}

export interface ParameterInput {
  rule: string;
  name: string;
  regionPrefix?: string | null;
  year?: number | null;
  value: number;
}

/** Checks an override against the rule's definition; BAD_USER_INPUT names the offending field. */
export function validateOverride(rules: readonly MonitoringRule[], input: ParameterInput, opts: { valueless?: boolean } = {}): RuleParameterDefinition {
  const rule = rules.find((r) => r.code === input.rule);
  if (!rule) throw badUserInput('input.rule', `unknown rule ${input.rule}`);
  const def = rule.parameters.find((p) => p.name === input.name);
  if (!def) throw badUserInput('input.name', `rule ${rule.code} has parameters ${rule.parameters.map((p) => p.name).join(', ') || '(none)'}, not ${input.name}`);
  if (input.regionPrefix != null && !/^\d{2,12}$/.test(input.regionPrefix)) throw badUserInput('input.regionPrefix', 'must be 2 to 12 digits of a division code');
  if (input.year != null && (input.year < 2000 || input.year > 2100)) throw badUserInput('input.year', `must be between 2000 and 2100, got ${input.year}`);
  if (opts.valueless) return def;
  if (!Number.isFinite(input.value) || input.value < def.min || input.value > def.max) {
    throw badUserInput('input.value', `${def.name} must be between ${def.min} and ${def.max}, got ${input.value}`);
  }
  if (def.integer && !Number.isInteger(input.value)) throw badUserInput('input.value', `${def.name} must be a whole number, got ${input.value}`);
  return def;
}

/** Stores (or replaces) one override. */
export async function saveOverride(em: EntityManager, input: ParameterInput, updatedBy: string): Promise<void> {
  await em.execute(
    `insert into monitoring.rule_parameter (rule_code, name, region_prefix, year, value, updated_by)
     values (?, ?, ?, ?, ?, ?)
     on conflict (rule_code, name, region_prefix, coalesce(year, 0))
     do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
    [input.rule, input.name, input.regionPrefix ?? '', input.year ?? null, input.value, updatedBy],
  );
}

/** Removes one override; true when it existed. */
export async function deleteOverride(em: EntityManager, input: Omit<ParameterInput, 'value'>): Promise<boolean> {
  const res = await em.execute(
    `delete from monitoring.rule_parameter where rule_code = ? and name = ? and region_prefix = ? and coalesce(year, 0) = ? returning id`,
    [input.rule, input.name, input.regionPrefix ?? '', input.year ?? 0],
  );
  return (res as unknown[]).length > 0;
}
