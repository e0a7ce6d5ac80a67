import type { FastifyInstance, FastifyReply } from 'fastify';
import { coerceInputValue, GraphQLError, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { Authenticator } from '../auth/authenticate.js';
import { fieldAccess } from '../auth/access-plan.js';
import { assertInputAllowed } from '../auth/input-access.js';
import { satisfies } from '../auth/scopes.js';
import { createContext } from '../server/context.js';
import { reportForCaller } from './report-for-caller.js';
import { disclose } from '../disclosure/disclose.js';
import type { ReportResult } from './report-types.js';
import { savedDefinitionFor } from './saved-reports.js';
import type { ReportDefinition } from './run-report.js';
import { writeReportCsv } from './export/report-csv.js';
import { writeReportXlsx } from './export/report-xlsx.js';
import { exportContentType, exportFileName, type ExportFormat } from './export/content-type.js';
import { headerValue } from '../server/header-value.js';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, UNAUTHORIZED_FIELD_OR_TYPE: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404 };

function fail(reply: FastifyReply, code: string, message: string) {
  return reply.code(STATUS[code] ?? 500).send({ errors: [{ message, extensions: { code } }] });
}

/**
 * `GET /reports/:id/export?format=xlsx|csv[&regionCode=&year=]` for saved reports and
 * `POST /reports/export?format=…` with `{ "input": ReportInput }` for ad-hoc ones: the same
 * authentication, permission checks, region scope and suppression as the GraphQL API, streamed.
 */
export function registerReportExport(
  app: FastifyInstance,
  opts: { schema: GraphQLSchema; authenticate: Authenticator; orm: MikroORM; departments: readonly DepartmentModule[] },
): void {
  const query = opts.schema.getQueryType()!;
  const reportAccess = fieldAccess(opts.schema, query, query.getFields().report!).declared;
  const reportInputType = opts.schema.getType('ReportInput') as GraphQLInputObjectType;

  async function handle(
    request: { id: string; headers: Record<string, string | string[] | undefined>; query: unknown },
    reply: FastifyReply,
    definitionFor: (ctx: ReturnType<typeof createContext>) => Promise<ReportDefinition>,
  ) {
    const format = (request.query as { format?: string }).format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv') return fail(reply, 'BAD_USER_INPUT', `format must be xlsx or csv, not "${format}"`);
    const auth = await opts.authenticate(headerValue(request.headers.authorization) ?? undefined);
    if (auth.kind !== 'caller') return fail(reply, 'UNAUTHENTICATED', auth.kind === 'invalid' ? auth.message : 'Authentication required');
    if (!satisfies(auth.caller.scopes, reportAccess)) return fail(reply, 'UNAUTHORIZED_FIELD_OR_TYPE', 'Not authorized to run reports');
    const purpose = request.headers['x-purpose'];
    const ctx = createContext({
      requestId: String(request.id),
      caller: auth.caller,
      purpose: (Array.isArray(purpose) ? purpose[0] : purpose) ?? null,
      em: opts.orm.em,
      departments: opts.departments,
    });
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
      if (err instanceof GraphQLError && typeof err.extensions.code === 'string') return fail(reply, err.extensions.code, err.message);
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
