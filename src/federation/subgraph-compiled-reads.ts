import type { GraphQLSchema } from 'graphql';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DepartmentModule } from '../contract/department-module.js';
import { attachCompiledReads, createCompiledReads } from '../compiled-read/compiled-reads.js';
import { loadColumnCatalog } from '../compiled-read/column-catalog.js';
import { CORE_SUBGRAPH } from './ownership.js';
import { batchConcurrentEntityFetches } from './entity-fetch-batching.js';

/**
 * A subgraph's compiled reads: the monolith's mechanism (src/compiled-read/) over the subgraph's
 * own schema, with `_entities` compiled as its `__resolveReference` resolves it
 * (entity-references.ts): core reads the entity's row under the caller's region, a department
 * reads its records by the key alone. A router's entity fetch for N persons is then one
 * statement, for a caller the access wrapper would let through unchanged; everything else keeps
 * the resolver path. `CAREGRAPH_COMPILED_READS=0` switches it off, as in the monolith.
 *
 * Registered for the schema, so whichever HTTP handler serves the subgraph finds them when it
 * makes its executor from the schema (jit-executor.ts). Call before the handler is made.
 * `batchEntityFetches` (forwarded trust) merges concurrent entity fetches of one client request
 * into one statement (entity-fetch-batching.ts).
 */
export async function attachSubgraphCompiledReads(
  schema: GraphQLSchema,
  opts: { orm: MikroORM; departments: readonly DepartmentModule[]; subgraph: string; batchEntityFetches?: boolean },
): Promise<void> {
  if (process.env.CAREGRAPH_COMPILED_READS === '0' || process.env.CAREGRAPH_JIT === '0') return;
  const catalog = await loadColumnCatalog(opts.orm.em, ['core', ...opts.departments.map((d) => d.dbSchema)]);
  const reads = createCompiledReads(schema, catalog, opts.departments, opts.orm.em, { entities: opts.subgraph === CORE_SUBGRAPH ? 'table' : 'key' });
  attachCompiledReads(schema, opts.batchEntityFetches ? batchConcurrentEntityFetches(reads) : reads);
}
