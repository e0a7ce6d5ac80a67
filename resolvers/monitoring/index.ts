import type { MonitoringRuleCode, Resolvers } from '../../src/generated/graphql.js';
import type { CareGraphContext } from '../../src/contract/request-context.js';
import { monitoringRules } from '../../src/monitoring/rules/index.js';
import { runMonitoring } from '../../src/monitoring/run-monitoring.js';
import { describeRules } from '../../src/monitoring/rule-catalogue.js';
import { recentRuns, runById } from '../../src/monitoring/monitoring-runs.js';
import { deleteOverride, saveOverride, validateOverride } from '../../src/monitoring/parameters.js';
import { changeWarningStatus, findWarning, listWarnings } from '../../src/monitoring/warnings.js';
import { assistanceChainLoader } from '../../src/monitoring/assistance-chain.js';
import { visibleBySource } from '../../src/auth/derived-access.js';
import { badUserInput } from '../../src/core/errors.js';
import type { Person } from '../../src/core/entities/person.entity.js';
import type { WarningRow } from '../../src/monitoring/warning-row.js';
import type { GraphQLSchema } from 'graphql';
import { controlledKnownCount, controlledTotalCount } from '../../src/disclosure/disclosable-count.js';

const lastYear = () => new Date().getUTCFullYear() - 1;

function regionArg(regionCode: string | null | undefined): string {
  if (regionCode == null) return '';
  if (!/^\d{2,12}$/.test(regionCode)) throw badUserInput('regionCode', 'must be 2 to 12 digits of a division code');
  return regionCode;
}

async function ruleView(ctx: CareGraphContext, code: string, year: number | null | undefined) {
  const views = await describeRules(ctx.em, monitoringRules(ctx.departments), '', year ?? lastYear());
  return views.find((v) => v.code === code)!;
}

const persons = async (ctx: CareGraphContext, ids: string[]) =>
  (await ctx.loaders.person.loadMany(ids)).filter((p): p is Person => p != null && !(p instanceof Error));

/** Evidence items filtered by the scopes of the field each was copied from. */
const evidenceFor = (w: WarningRow, ctx: CareGraphContext, schema: GraphQLSchema) =>
  visibleBySource(schema, ctx.caller.scopes, w.evidence, (e) => ({ source: e.field, requires: e.requires }));

export const monitoringResolvers: Resolvers = {
  Query: {
    warnings: (_root, args, ctx) => listWarnings(ctx, args),
    warning: (_root, { id }, ctx) => findWarning(ctx, id),
    monitoringRules: (_root, { regionCode, year }, ctx) =>
      describeRules(ctx.em, monitoringRules(ctx.departments), regionArg(regionCode), year ?? lastYear()),
    monitoringRuns: (_root, { first }, ctx) => recentRuns(ctx.em, first ?? 10),
  },
  Mutation: {
    runMonitoring: async (_root, { year, asOf }, ctx) => {
      if (year != null && (year < 2000 || year > 2100)) throw badUserInput('year', `must be between 2000 and 2100, got ${year}`);
      const run = await runMonitoring(ctx.em, monitoringRules(ctx.departments), { year: year ?? undefined, asOf: asOf ?? undefined, triggeredBy: ctx.caller.id });
      return runById(ctx.em, run.id);
    },
    setMonitoringParameter: async (_root, { input }, ctx) => {
      validateOverride(monitoringRules(ctx.departments), input);
      await saveOverride(ctx.em, input, ctx.caller.id);
      return ruleView(ctx, input.rule, input.year);
    },
    clearMonitoringParameter: async (_root, { key }, ctx) => {
      validateOverride(monitoringRules(ctx.departments), { ...key, value: Number.NaN }, { valueless: true });
      await deleteOverride(ctx.em, key);
      return ruleView(ctx, key.rule, key.year);
    },
    updateWarningStatus: (_root, { id, status, reason }, ctx) => changeWarningStatus(ctx, id, status, reason),
  },
  Warning: {
    rule: (w) => w.ruleCode as MonitoringRuleCode,
    household: (w, _args, ctx) => ctx.loaders.household.load(w.householdId),
    persons: (w, _args, ctx) => persons(ctx, w.personIds),
    evidence: (w, _args, ctx, info) => evidenceFor(w, ctx, info.schema).visible,
    hiddenEvidenceCount: (w, _args, ctx, info) => evidenceFor(w, ctx, info.schema).hidden,
    conditionPresent: (w) => w.live,
  },
  WarningEvidence: {
    person: (e, _args, ctx) => (e.personId ? ctx.loaders.person.load(e.personId) : null),
  },
  WarningConnection: { totalCount: (c) => controlledTotalCount(c, 'warnings') },
  MonitoringRule: {
    code: (r) => r.code as MonitoringRuleCode,
  },
  // Findings per rule are counts of households' warnings: under disclosure control like totalCount.
  MonitoringRuleRun: {
    rule: (r) => r.rule as MonitoringRuleCode,
    produced: (r) => controlledKnownCount(r.produced, r.runKey, `run:${r.rule}:produced`),
    skippedForConsent: (r) => controlledKnownCount(r.skippedForConsent, r.runKey, `run:${r.rule}:skippedForConsent`),
    created: (r) => controlledKnownCount(r.created, r.runKey, `run:${r.rule}:created`),
    updated: (r) => controlledKnownCount(r.updated, r.runKey, `run:${r.rule}:updated`),
    resolved: (r) => controlledKnownCount(r.resolved, r.runKey, `run:${r.rule}:resolved`),
    milliseconds: (r) => r.ms,
  },
  MonitoringRun: {
    totalMilliseconds: (r) => r.totalMs,
  },
  Household: {
    assistanceChain: async (h, { from, to }, ctx, info) => {
      if (from != null && to != null && from > to) throw badUserInput('from', `(${from}) is after to (${to})`);
      const events = await assistanceChainLoader(ctx).load(`${String(h.id)}|${from ?? ''}|${to ?? ''}`);
      return visibleBySource(info.schema, ctx.caller.scopes, events, (e) => ({ source: e.sourceType })).visible;
    },
  },
  AssistanceEvent: {
    person: (e, _args, ctx) => (e.personId ? ctx.loaders.person.load(e.personId) : null),
  },
};
