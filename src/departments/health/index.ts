import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { healthResolvers } from './resolvers/index.js';
import { healthEntities } from './health.entities.js';
import { compileHealthFilter } from './health.filter.js';
import { healthDimensions } from './health.dimensions.js';
import { healthSeed } from './health.seed.js';
import { healthChainEvents } from './health.chain-events.js';
import { Migration20261123050000_health } from './migrations/Migration20261123050000_health.js';
import { healthIntake } from './health.intake.js';

/** Health commission (卫健委). */
export const health: DepartmentModule = {
  code: 'health',
  dbSchema: 'health',
  personField: 'health',
  typeDefs: loadSdl('health'),
  resolvers: healthResolvers,
  entities: healthEntities,
  migrations: [{ name: 'Migration20261123050000_health', class: Migration20261123050000_health }],
  filter: compileHealthFilter,
  seed: healthSeed,
  dimensions: healthDimensions,
  chainEvents: healthChainEvents,
  intake: healthIntake,
};
