import fs from 'node:fs';
import { departments } from '../departments/registry.js';
import { composeSupergraph, supergraphPath } from '../federation/supergraph.js';

/** `npm run compose`: writes `supergraph.graphql` from the subgraphs derived from schema/*.graphql (commit it). */
const supergraph = composeSupergraph(departments);
fs.writeFileSync(supergraphPath, supergraph);
console.log(`Composed ${departments.length + 1} subgraphs into ${supergraphPath} (${supergraph.length} characters).`);
