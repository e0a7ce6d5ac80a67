import type { Resolvers } from '../../src/generated/graphql.js';
import { reportForCaller } from '../../src/reports/report-for-caller.js';
import { mapDisclosable, type Disclosable } from '../../src/disclosure/disclose.js';
import type { ReportDefinition } from '../../src/reports/run-report.js';
import type { ReportResult } from '../../src/reports/report-types.js';
import {
  createSavedReport,
  deleteSavedReport,
  listSavedReports,
  savedDefinitionFor,
  updateSavedReport,
  type SavedReportInput,
  type SavedReportRow,
} from '../../src/reports/saved-reports.js';

const savedReportOut = (row: SavedReportRow) => ({
  ...row,
  definition: JSON.stringify(row.definition),
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** The API shape of a computed report: one cell per measure column. */
function toGraphQL(result: ReportResult) {
  return {
    title: result.title,
    suppressionThreshold: result.suppressionThreshold,
    roundingBase: result.roundingBase ?? null,
    dimensions: result.dimensions.map((d) => ({ ...d, kind: 'dimension' })),
    measures: result.measures.map((m) => ({ key: m.key, label: m.label, kind: m.kind })),
    rows: result.rows.map((row) => ({
      keys: row.keys,
      labels: row.labels,
      cells: result.measures.map((m) => {
        const value = row.values[m.key] ?? null;
        return {
          measure: m.key,
          value: m.kind === 'sum' || value == null ? null : Number(value),
          money: m.kind === 'sum' && value != null ? String(value) : null,
          suppressed: row.suppressed[m.key] === true,
        };
      }),
    })),
  };
}

/** The generated resolver types know the field's final shape, which the @disclosureControl wrapper produces. */
const asField = (value: Disclosable<ReturnType<typeof toGraphQL>>) => value as unknown as ReturnType<typeof toGraphQL>;

export const reportResolvers: Resolvers = {
  Query: {
    // Both return a disclosable report: the field's @disclosureControl picks exact or protected.
    report: async (_root, { input }, ctx) => asField(mapDisclosable(await reportForCaller(ctx, input as ReportDefinition), toGraphQL)),
    savedReports: async (_root, _args, ctx) => (await listSavedReports(ctx)).map(savedReportOut),
    runSavedReport: async (_root, { id, params }, ctx, info) =>
      asField(mapDisclosable(await reportForCaller(ctx, await savedDefinitionFor(ctx, info.schema, id, params)), toGraphQL)),
  },
  Mutation: {
    createSavedReport: async (_root, { input }, ctx) => savedReportOut(await createSavedReport(ctx, input as SavedReportInput)),
    updateSavedReport: async (_root, { id, input }, ctx) => savedReportOut(await updateSavedReport(ctx, id, input as SavedReportInput)),
    deleteSavedReport: (_root, { id }, ctx) => deleteSavedReport(ctx, id),
  },
};
