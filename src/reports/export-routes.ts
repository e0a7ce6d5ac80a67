import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { coerceInputValue, GraphQLError, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { Authenticator } from '../auth/authenticate.js';
import { assertInputAllowed } from '../auth/input-access.js';
import { createContext } from '../server/context.js';
import { createRouteGuard, sendRouteError } from '../server/route-guard.js';
import { reportForCaller } from './report-for-caller.js';
import { disclose } from '../disclosure/disclose.js';
import type { ReportResult } from './report-types.js';
import { savedDefinitionFor } from './saved-reports.js';
import type { ReportDefinition } from './run-report.js';
import { writeReportCsv } from './export/report-csv.js';
import { writeReportXlsx } from './export/report-xlsx.js';
import { exportContentType, exportFileName, type ExportFormat } from './export/content-type.js';

/**
 * `GET /reports/:id/export?format=xlsx|csv[&regionCode=&year=]` for saved reports and
 * `POST /reports/export?format=…` with `{ "input": ReportInput }` for ad-hoc ones: the same
 * authentication, permission checks, region scope and suppression as the GraphQL API, streamed.
 */
export function registerReportExport(
  app: FastifyInstance,
  opts: { schema: GraphQLSchema; authenticate: Authenticator; orm: MikroORM; departments: readonly DepartmentModule[] },
): void {
  const guard = createRouteGuard(opts);
  const reportInputType = opts.schema.getType('ReportInput') as GraphQLInputObjectType;

  async function handle(
    request: FastifyRequest,
    reply: FastifyReply,
    definitionFor: (ctx: ReturnType<typeof createContext>) => Promise<ReportDefinition>,
  ) {
    const format = (request.query as { format?: string }).format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') return sendRouteError(reply, 'BAD_USER_INPUT', `format must be xlsx or csv, not "${format}"`);
    const admitted = await guard(request, reply, { field: 'Query.report', action: 'run reports' });
    if (!admitted) return reply;
    const ctx = createContext({ ...admitted, em: opts.orm.em, departments: opts.departments });
    try {
      const result = await disclose<ReportResult>(await reportForCaller(ctx, await definitionFor(ctx)), ctx.caller, 'report export');
      reply.header('content-type', exportContentType(format as ExportFormat));
      reply.header('content-disposition', exportFileName(result.title, format as ExportFormat));
      reply.hijack();
      reply.raw.writeHead(200, reply.getHeaders() as Record<string, string>);
      await (format === 'csv' ? writeReportCsv(result, reply.raw) : writeReportXlsx(result, reply.raw));
    } catch (err) {
      if (reply.raw.headersSent) {
        reply.raw.destroy(err as Error);
        return;
      }
      if (err instanceof GraphQLError && typeof err.extensions.code === 'string') return sendRouteError(reply, err.extensions.code, err.message);
      throw err;
    }
  }

  app.get<{ Params: { id: string }; Querystring: { format?: string; regionCode?: string; year?: string } }>('/reports/:id/export', (request, reply) =>
    handle(request, reply, (ctx) => {
      const { regionCode, year } = request.query;
      return savedDefinitionFor(ctx, opts.schema, request.params.id, { regionCode: regionCode ?? null, year: year ? Number(year) : null });
    }),
  );

  app.post<{ Body: { input?: unknown } }>('/reports/export', (request, reply) =>
    handle(request, reply, async (ctx) => {
      let definition: ReportDefinition;
      try {
        definition = coerceInputValue(request.body?.input ?? null, reportInputType, (path, _value, error) => {
          throw new GraphQLError(`input${path.length ? `.${path.join('.')}` : ''}: ${error.message}`, { extensions: { code: 'BAD_USER_INPUT' } });
        }) as ReportDefinition;
      } catch (err) {
        if (err instanceof GraphQLError) throw err;
        throw new GraphQLError(`input: ${(err as Error).message}`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      if (definition == null) throw new GraphQLError('input is required', { extensions: { code: 'BAD_USER_INPUT' } });
      assertInputAllowed(opts.schema, 'ReportInput', definition, ctx.caller.scopes, 'input');
      return definition;
    }),
  );
}
