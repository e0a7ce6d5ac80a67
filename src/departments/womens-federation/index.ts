import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { womensFederationResolvers } from './resolvers/index.js';
import { womensFederationEntities } from './womens-federation.entities.js';
import { compileWomensFederationFilter } from './womens-federation.filter.js';
import { womensFederationSeed } from './womens-federation.seed.js';
import { womensFederationChainEvents } from './womens-federation.chain-events.js';
import { Migration20261123040000_womens_federation } from './migrations/Migration20261123040000_womens_federation.js';
import { womensFederationIntake } from './womens-federation.intake.js';

/** Women's federation (妇联). */
export const womensFederation: DepartmentModule = {
  code: 'womens-federation',
  dbSchema: 'womens_federation',
  personField: 'womensFederation',
  typeDefs: loadSdl('womens-federation'),
  resolvers: womensFederationResolvers,
  entities: womensFederationEntities,
  migrations: [{ name: 'Migration20261123040000_womens_federation', class: Migration20261123040000_womens_federation }],
  filter: compileWomensFederationFilter,
  seed: womensFederationSeed,
  chainEvents: womensFederationChainEvents,
  intake: womensFederationIntake,
};
