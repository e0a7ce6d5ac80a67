/**
 * The floor of a subgraph fetch in Node (bench/subgraph-floor.ts): a bare node:http server that
 * answers one POST shape — `{ variables: { r: [{ id }] } }` — with one prepared PostgreSQL statement
 * whose single text column is the whole JSON answer, written back unparsed. No authentication, no
 * GraphQL parse/validate/execute, no access check, no audit, no framework: what is left is what
 * any Node subgraph pays per fetch (two loopback round trips, the body's JSON.parse, pg's
 * protocol). argv: port, database URL, SQL text (one $1::bigint[] parameter), pool size.
 */
import http from 'node:http';
import pg from 'pg';

const [port, url, sql, poolMax] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(poolMax ?? 5) });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let ids;
    try {
      ids = JSON.parse(Buffer.concat(chunks).toString('utf8')).variables.r.map((r) => r.id);
    } catch {
      res.writeHead(400).end();
      return;
    }
    pool.query({ name: 'floor', text: sql, values: [ids] }).then(
      (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(result.rows[0].body),
      (err) => res.writeHead(500).end(String(err)),
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
