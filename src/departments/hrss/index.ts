import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { hrssResolvers } from './resolvers/index.js';
import { hrssEntities } from './hrss.entities.js';
import { compileHrssFilter } from './hrss.filter.js';
import { hrssDimensions } from './hrss.dimensions.js';
import { hrssSeed } from './hrss.seed.js';
import { hrssIntake } from './hrss.intake.js';
import { holderNotEligible } from './rules/holder-not-eligible.js';
import { attendanceLapsed } from './rules/attendance-lapsed.js';
import { hrssChainEvents } from './hrss.chain-events.js';
import { Migration20261210040000_hrss_sealed_assessor } from './migrations/Migration20261210040000_hrss_sealed_assessor.js';
import { Migration20261125000000_hrss } from './migrations/Migration20261125000000_hrss.js';

/** Human resources & social security (人社): public-welfare mutual-aid posts (公益岗位互助扶贫). */
export const hrss: DepartmentModule = {
  code: 'hrss',
  dbSchema: 'hrss',
  personField: 'hrss',
  typeDefs: loadSdl('hrss'),
  resolvers: hrssResolvers,
  entities: hrssEntities,
  migrations: [{ name: 'Migration20261125000000_hrss', class: Migration20261125000000_hrss }, { name: 'Migration20261210040000_hrss_sealed_assessor', class: Migration20261210040000_hrss_sealed_assessor }],
  filter: compileHrssFilter,
  seed: hrssSeed,
  dimensions: hrssDimensions,
  rules: [holderNotEligible, attendanceLapsed],
  chainEvents: hrssChainEvents,
  intake: hrssIntake,
};
