import type { CareGraphContext } from '../contract/request-context.js';
import { rowScopeOf } from '../auth/row-scope.js';
import type { Disclosable } from '../disclosure/disclose.js';
import { exactReport, protectReport } from '../disclosure/protect-report.js';
import { runReport, type ReportDefinition } from './run-report.js';
import type { ReportResult } from './report-types.js';

/**
 * A report confined to the caller's region, in both the forms disclosure control chooses from:
 * exact, or protected (src/disclosure/). The GraphQL fields (`@disclosureControl`) and the export
 * routes both hand it to `disclose`, which picks by the caller's scopes.
 */
export async function reportForCaller(ctx: CareGraphContext, def: ReportDefinition): Promise<Disclosable<ReportResult>> {
  const scope = { departments: ctx.departments, rows: rowScopeOf(ctx.caller) };
  // Run when disclosure control has chosen: only the protected form pays for the cell keys.
  return {
    disclosable: true,
    exact: async () => exactReport(await runReport(ctx.em, def, scope)),
    protect: async (control) => protectReport(await runReport(ctx.em, def, { ...scope, cellKeys: true }), control),
  };
}
