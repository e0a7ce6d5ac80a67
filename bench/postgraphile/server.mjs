/**
 * PostGraphile v5 peer for `npm run bench` (runs on this folder's Node 22). Serves the amber
 * preset's generated schema over the department schemas, `core` and `bench` (the Q2 predicate
 * function the harness installs) from DATABASE_URL; prints `READY <url>` once listening.
 * No auth: PostGraphile has no field-level permissions to switch on (the comparison's point).
 */
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

const connectionString = process.env.DATABASE_URL;
const schemas = (process.env.PG_SCHEMAS ?? 'core,civil_affairs,disability,education,womens_federation,health,bench').split(',');
const poolMax = Number(process.env.POOL_MAX ?? 10);

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas, poolConfig: { max: poolMax, options: process.env.PG_SESSION_OPTIONS }, pubsub: false })],
  grafserv: { graphiql: false, watch: false, maxRequestLength: 1_000_000 },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`READY http://127.0.0.1:${port}/graphql`);
});
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
