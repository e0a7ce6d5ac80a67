import type { FastifyInstance, FastifyReply } from 'fastify';
import { drainUnreadBody } from '../server/unread-body.js';
import multipart from '@fastify/multipart';
import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../departments/department-module.js';
import type { Authenticator } from '../auth/authenticate.js';
import { fieldAccess } from '../auth/access-plan.js';
import { satisfies } from '../auth/scopes.js';
import { findIntakeKind } from './find-kind.js';
import { formatOf, importFile } from './file-import.js';
import { parseEncodingOption } from './sources/decode-text.js';
import { ImportFileError } from './sources/header-map.js';
import { reasonsOf } from './rejects-file.js';
import { headerValue } from '../server/header-value.js';

/** Rejected rows listed in the response; the counts always cover all of them. */
const MAX_LISTED_REJECTS = 1000;

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, UNAUTHORIZED_FIELD_OR_TYPE: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404 };

function fail(reply: FastifyReply, code: string, message: string) {
  return reply.code(STATUS[code] ?? 400).send({ errors: [{ message, extensions: { code } }] });
}

/**
 * `POST /import/:department/:kind` (multipart, one file field; `?dryRun=true&encoding=gbk`): the
 * CLI's import over HTTP. Access is the kind's upsert mutation's, read from the schema, so the
 * route and GraphQL can never disagree about who may write.
 */
export async function registerImportRoute(
  app: FastifyInstance,
  opts: { schema: GraphQLSchema; authenticate: Authenticator; orm: MikroORM; departments: readonly DepartmentModule[] },
): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fileSize: 2 * 1024 * 1024 * 1024 } });
  const mutation = opts.schema.getMutationType();

  // A refused upload answers before its body is read: drain the rest (unread-body.ts says why).
  app.post<{ Params: { department: string; kind: string }; Querystring: { dryRun?: string; encoding?: string } }>('/import/:department/:kind', { onSend: drainUnreadBody }, async (request, reply) => {
    const auth = await opts.authenticate(headerValue(request.headers.authorization) ?? undefined);
    if (auth.kind !== 'caller') return fail(reply, 'UNAUTHENTICATED', auth.kind === 'invalid' ? auth.message : 'Authentication required');
    let kind;
    try {
      kind = findIntakeKind(opts.departments, request.params.department, request.params.kind);
    } catch (err) {
      return fail(reply, 'NOT_FOUND', (err as Error).message);
    }
    const field = mutation?.getFields()[kind.mutation];
    const access = field ? fieldAccess(opts.schema, mutation!, field).declared : null;
    if (!access || !satisfies(auth.caller.scopes, access)) {
      return fail(reply, 'UNAUTHORIZED_FIELD_OR_TYPE', `Not authorized to write ${kind.department} records`);
    }
    if (!request.isMultipart()) return fail(reply, 'BAD_USER_INPUT', 'send the file as multipart/form-data');
    let encoding;
    try {
      encoding = request.query.encoding ? parseEncodingOption(request.query.encoding) : undefined;
    } catch (err) {
      return fail(reply, 'BAD_USER_INPUT', (err as Error).message);
    }
    const file = await request.file();
    if (!file) return fail(reply, 'BAD_USER_INPUT', 'no file in the request');
    const rejects: Array<{ row: number; sourceRecordId: string | null; reasons: string; errors: unknown[]; original: readonly string[] }> = [];
    try {
      const summary = await importFile(opts.orm.em, kind, file.file, {
        format: formatOf(file.filename),
        encoding,
        caller: auth.caller.name.slice(0, 64),
        regionPrefix: auth.caller.regionPrefix,
        dryRun: request.query.dryRun === 'true',
        onRejected: (r, original) => {
          if (rejects.length < MAX_LISTED_REJECTS) rejects.push({ row: r.rowNumber, sourceRecordId: r.sourceRecordId, reasons: reasonsOf(r), errors: r.errors, original: original ?? [] });
        },
      });
      if (file.file.truncated) return fail(reply, 'BAD_USER_INPUT', 'the file exceeds the upload limit');
      return { ...summary, rejects, rejectsTruncated: summary.rejected > rejects.length };
    } catch (err) {
      if (err instanceof ImportFileError) return fail(reply, 'BAD_USER_INPUT', `${err.code}: ${err.message}`);
      throw err;
    }
  });
}
