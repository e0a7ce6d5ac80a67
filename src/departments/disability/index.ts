import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { disabilityResolvers } from './resolvers/index.js';
import { disabilityEntities } from './disability.entities.js';
import { compileDisabilityFilter } from './disability.filter.js';
import { disabilityDimensions } from './disability.dimensions.js';
import { disabilitySeed } from './disability.seed.js';
import { disabilityChainEvents } from './disability.chain-events.js';
import { Migration20261210020000_disability_sealed_certificate } from './migrations/Migration20261210020000_disability_sealed_certificate.js';
import { Migration20261123020000_disability } from './migrations/Migration20261123020000_disability.js';
import { disabilityIntake } from './disability.intake.js';

/** Disabled persons' federation (残联). */
export const disability: DepartmentModule = {
  code: 'disability',
  dbSchema: 'disability',
  personField: 'disability',
  typeDefs: loadSdl('disability'),
  resolvers: disabilityResolvers,
  entities: disabilityEntities,
  migrations: [{ name: 'Migration20261123020000_disability', class: Migration20261123020000_disability }, { name: 'Migration20261210020000_disability_sealed_certificate', class: Migration20261210020000_disability_sealed_certificate }],
  filter: compileDisabilityFilter,
  seed: disabilitySeed,
  dimensions: disabilityDimensions,
  chainEvents: disabilityChainEvents,
  intake: disabilityIntake,
};
