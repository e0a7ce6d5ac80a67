import type { FastifyInstance, FastifyReply } from 'fastify';
import { drainUnreadBody } from '../server/unread-body.js';
import multipart from '@fastify/multipart';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import type { IntakeKind } from '../contract/intake-kind.js';
import type { Authenticator } from '../auth/authenticate.js';
import { findIntakeKind } from './find-kind.js';
import { formatOf, importFile } from './file-import.js';
import { parseEncodingOption } from './sources/decode-text.js';
import { ImportFileError } from './sources/header-map.js';
import { reasonsOf } from './rejects-file.js';
import { RejectsDownload } from './rejects-download.js';
import { truncateCell } from './sources/row-screen.js';
import type { RecordError } from './record-outcome.js';
import { rowScopeOf } from '../auth/row-scope.js';
import { createRouteGuard, RouteRefusal, sendRouteError } from '../server/route-guard.js';

/**
 * Bounds on the answer: rejected rows listed (the counts always cover all of them), and the
 * characters of each echoed cell and reason. Without them a 104 KB upload can answer 104 MB.
 */
const MAX_LISTED_REJECTS = 1000;
const UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;
const ECHOED_CELL_CHARS = 200;
const ECHOED_MESSAGE_CHARS = 500;

const notListedHint = (n: number) =>
  `另有 ${n} 条被拒行未列出（每次最多列出 ${MAX_LISTED_REJECTS} 条）：在地址后加 ?rejects=csv 再上传同一文件（已导入的行显示为未变），回应即为列出全部被拒行的 CSV 文件，汇总在 X-Import-Summary 头中`;

/** Import refusals are the sender's to fix: codes without a status of their own answer 400. */
const fail = (reply: FastifyReply, code: string, message: string) => sendRouteError(reply, code, message, 400);

const tooLarge = (reply: FastifyReply) => fail(reply, 'FILE_TOO_LARGE', `文件超过上传上限 ${UPLOAD_LIMIT_BYTES / 1024 / 1024 / 1024} GB；请拆成几个文件导入`);

/**
 * `POST /import/:department/:kind` (multipart, one file field; `?dryRun=true&encoding=gbk`): the
 * CLI's import over HTTP. Access is the kind's upsert mutation's, read from the schema, so the
 * route and GraphQL can never disagree about who may write. The answer is the summary as JSON
 * with the first 1,000 rejected rows, or with `?rejects=csv` the whole rejects file
 * (rejects-download.ts).
 */
export async function registerImportRoute(
  app: FastifyInstance,
  opts: { schema: GraphQLSchema; authenticate: Authenticator; orm: MikroORM; departments: readonly DepartmentModule[] },
): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fileSize: UPLOAD_LIMIT_BYTES } });
  const guard = createRouteGuard(opts);

  // A refused upload answers before its body is read: drain the rest (unread-body.ts says why).
  app.post<{ Params: { department: string; kind: string }; Querystring: { dryRun?: string; encoding?: string; rejects?: string } }>('/import/:department/:kind', { onSend: drainUnreadBody }, async (request, reply) => {
    let kind!: IntakeKind;
    const admitted = await guard(request, reply, () => {
      try {
        kind = findIntakeKind(opts.departments, request.params.department, request.params.kind);
      } catch (err) {
        throw new RouteRefusal('NOT_FOUND', (err as Error).message);
      }
      return { field: `Mutation.${kind.mutation}`, action: `write ${kind.department} records` };
    });
    if (!admitted) return reply;
    if (!request.isMultipart()) return fail(reply, 'BAD_USER_INPUT', 'send the file as multipart/form-data');
    let encoding;
    try {
      encoding = request.query.encoding ? parseEncodingOption(request.query.encoding) : undefined;
    } catch (err) {
      return fail(reply, 'BAD_USER_INPUT', (err as Error).message);
    }
    const { rejects: rejectsFormat } = request.query;
    if (rejectsFormat !== undefined && rejectsFormat !== 'csv') {
      return fail(reply, 'BAD_USER_INPUT', `rejects: unknown value "${truncateCell(rejectsFormat, 40)}"; the one value is csv (the answer is then the rejects file, the summary in the X-Import-Summary header)`);
    }
    const file = await request.file();
    if (!file) return fail(reply, 'BAD_USER_INPUT', 'no file in the request');
    const download = rejectsFormat === 'csv' ? new RejectsDownload() : null;
    const rejects: Array<{ row: number; sourceRecordId: string | null; reasons: string; errors: RecordError[]; original: readonly string[] }> = [];
    try {
      const summary = await importFile(opts.orm.em, kind, file.file, {
        format: formatOf(file.filename),
        encoding,
        caller: admitted.caller.name.slice(0, 64),
        rows: rowScopeOf(admitted.caller),
        dryRun: request.query.dryRun === 'true',
        ...(download ? { onHeader: (m) => download.writeHeader(m.header) } : {}),
        onRejected: (r, original) => {
          if (download) return download.add(r, original);
          if (rejects.length >= MAX_LISTED_REJECTS) return;
          rejects.push({
            row: r.rowNumber,
            sourceRecordId: r.sourceRecordId && truncateCell(r.sourceRecordId, ECHOED_CELL_CHARS),
            reasons: truncateCell(reasonsOf(r), ECHOED_MESSAGE_CHARS),
            errors: r.errors.map((e) => ({ ...e, message: truncateCell(e.message, ECHOED_MESSAGE_CHARS) })),
            original: (original ?? []).map((c) => truncateCell(c, ECHOED_CELL_CHARS)),
          });
        },
      });
      if (file.file.truncated) {
        await download?.discard();
        return tooLarge(reply);
      }
      if (download) return download.send(reply, summary, file.filename);
      const notListed = summary.rejected - rejects.length;
      return { ...summary, rejects, rejectsTruncated: notListed > 0, rejectsNotListed: notListed, ...(notListed > 0 ? { rejectsHint: notListedHint(notListed) } : {}) };
    } catch (err) {
      await download?.discard();
      if (file.file.truncated) return tooLarge(reply);
      if (err instanceof ImportFileError) return fail(reply, err.code, err.message);
      throw err;
    }
  });
}
