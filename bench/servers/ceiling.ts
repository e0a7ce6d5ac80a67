/**
 * The ceiling of `npm run bench`: a minimal node:http handler that answers Q1–Q3 with one
 * hand-written, prepared SQL statement each, PostgreSQL building the response JSON and Node
 * passing the text through — no GraphQL, no permissions, no ORM. What no Node GraphQL server can
 * beat on this database. Reads `operationName` and `variables` from the same POST body the
 * GraphQL servers get; prints `READY <url>` once listening.
 */
import http from 'node:http';
import pg from 'pg';
import { CEILING_SQL } from '../support/comparison-queries.js';

// The planner settings CareGraph's sessions use (src/db/parallel-workers.ts; run-report.ts for Q3),
// passed in by the harness so the hand-written SQL is planned the same way.
const poolOf = (options: string | undefined) => new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_MAX ?? 10), options });
const pool = poolOf(process.env.PG_SESSION_OPTIONS);
const reportPool = poolOf(process.env.PG_REPORT_SESSION_OPTIONS ?? process.env.PG_SESSION_OPTIONS);

const PARAMS: Record<keyof typeof CEILING_SQL, (variables: Record<string, any>) => unknown[]> = {
  Q1: (v) => [v.idNumber],
  Q2: (v) => [v.filter?.regionCode ?? v.township],
  Q3: () => [],
};

async function answer(body: string): Promise<string> {
  const { operationName, variables } = JSON.parse(body) as { operationName: keyof typeof CEILING_SQL; variables: Record<string, unknown> };
  const text = CEILING_SQL[operationName];
  if (!text) throw new Error(`unknown operation ${operationName}`);
  const result = await (operationName === 'Q3' ? reportPool : pool).query<{ body: string }>({ name: operationName, text: text.replace(/ as body\b/, '::text as body'), values: PARAMS[operationName](variables ?? {}) });
  return result.rows[0]?.body ?? '{"data":null}';
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    answer(body).then(
      (json) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
      (err: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: err.message }] })),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${port}/graphql`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
