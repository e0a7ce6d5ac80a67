import type { SqlBuilder } from './sql-builder.js';

/** A tunable threshold of a rule; its value may differ per region prefix and year (stored in the database). */
export interface RuleParameterDefinition {
  name: string;
  /** What it means and its unit, in English with the Chinese term. */
  description: string;
  defaultValue: number;
  /** Inclusive bounds an admin may set. */
  min: number;
  max: number;
  /** Whole numbers only (days, ages, grades). */
  integer?: boolean;
}

/** What a rule's SQL may use while the runner builds one run. */
export interface RuleSqlContext {
  /** Collects bound values; build fragments in text order. */
  sql: SqlBuilder;
  /**
   * The SQL expression of a parameter's value for the household aliased `h` (its region code
   * picks the most specific override for the run's year, else the rule's default).
   */
  param(name: string): string;
  /** The year the run judges (finance and medical spending), bound as `int`. */
  year: string;
  /** The day the run judges (`as of`), bound as `date`. */
  asOf: string;
}

/**
 * One early-warning rule (预警规则): a set-based SQL query over the joined graph. Registered in
 * `src/monitoring/rules/index.ts`, or contributed by a department module's `rules`.
 *
 * The query must return exactly these columns, with the household aliased `h` wherever
 * {@link RuleSqlContext.param} is used:
 * - `household_id bigint` — the household the warning is about;
 * - `person_ids bigint[]` — the members concerned (may be empty for household-level findings);
 * - `evidence jsonb` — an array of {@link EvidenceItem}s (build them with `evidenceItem`);
 * - `dedupe_key text` — the condition's identity: while the same key keeps coming back, the
 *   warning stays one warning; when it stops, the warning resolves itself.
 *
 * @example
 * export const lonelyElderly: MonitoringRule = {
 *   code: 'LONELY_ELDERLY', description: 'Elderly living alone (独居老人) without a helper.',
 *   evidenceScopes: ['civil-affairs:read'], requiresConsent: true,
 *   parameters: [{ name: 'minAge', description: 'Minimum age (年龄下限)', defaultValue: 80, min: 60, max: 120, integer: true }],
 *   select: ({ param, asOf }) => `select h.id as household_id, array[p.id] as person_ids, ... from core.person p join core.household h ...`,
 * };
 */
export interface MonitoringRule {
  /** Upper snake case; must also be a value of the SDL enum `MonitoringRuleCode`. */
  code: string;
  description: string;
  /** Scopes a caller needs to see this rule's evidence in full (documentation and consent listing). */
  evidenceScopes: string[];
  parameters: RuleParameterDefinition[];
  /**
   * Cross-department comparison needs the household's consent (承诺授权): the runner drops
   * findings about households without it and lists those households under `CONSENT_MISSING`.
   */
  requiresConsent: boolean;
  select(ctx: RuleSqlContext): string;
}

/**
 * One value that triggered a warning, naming where it came from. `field` is a schema coordinate
 * (`MedicalExpense.outOfPocket`) or a type (`HealthCondition`): the API shows the item only to
 * callers who could read that field (src/auth/derived-access.ts).
 */
export interface EvidenceItem {
  department: string;
  field: string;
  label: string;
  value: string | null;
  personId?: string | null;
  recordId?: string | null;
  /** Extra scopes on top of the field's own (e.g. a skipped rule's evidence scopes). */
  requires?: string[][];
}
