import fs from 'node:fs';
import { departments } from '../departments/registry.js';
import { composeSupergraph, supergraphPath } from '../federation/supergraph.js';

/**
 * Fails when the committed `supergraph.graphql` differs from what `npm run compose` would write
 * now (or when the subgraphs no longer compose), so no schema change lands without the gateway's
 * plan. Writes nothing.
 */
let fresh: string;
try {
  fresh = composeSupergraph(departments);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const committed = fs.existsSync(supergraphPath) ? fs.readFileSync(supergraphPath, 'utf8') : null;
if (committed !== fresh) {
  console.error('supergraph.graphql is stale: run `npm run compose` and commit the result.');
  process.exit(1);
}
console.log(`supergraph.graphql is up to date (${departments.length + 1} subgraphs).`);
