import type { CareGraphContext } from '../server/context.js';
import { applySuppression, DEFAULT_SUPPRESSION_THRESHOLD } from './suppression.js';
import { runReport, type ReportDefinition } from './run-report.js';
import type { ReportResult } from './report-types.js';

/** Smallest cell shown to callers without `reports:exact` (`CAREGRAPH_REPORT_MIN_CELL`, default 5). */
export function suppressionThreshold(): number {
  const k = Number(process.env.CAREGRAPH_REPORT_MIN_CELL ?? DEFAULT_SUPPRESSION_THRESHOLD);
  return Number.isInteger(k) && k >= 1 ? k : DEFAULT_SUPPRESSION_THRESHOLD;
}

/**
 * A report as this caller may see it: confined to its region, and with small cells suppressed
 * unless it holds `reports:exact`. The API and the exports both go through here.
 */
export async function reportForCaller(ctx: CareGraphContext, def: ReportDefinition): Promise<ReportResult> {
  const result = await runReport(ctx.em, def, { departments: ctx.departments, regionPrefix: ctx.caller.regionPrefix });
  if (ctx.caller.scopes.has('reports:exact')) return result;
  const suppressed = applySuppression(result, { k: suppressionThreshold(), countMeasure: 'PERSONS' });
  // A rate's numerator and denominator are counts of subsets of a cell: small ones would leak
  // what suppression hides, so only the (suppressed-when-small) rate itself is shown.
  const parts = new Set(suppressed.measures.flatMap((m) => (m.kind === 'rate' ? [m.numerator!, m.denominator!] : [])));
  return { ...suppressed, measures: suppressed.measures.filter((m) => !parts.has(m.key)) };
}
