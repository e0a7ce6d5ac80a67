import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { educationResolvers } from './resolvers/index.js';
import { educationEntities } from './education.entities.js';
import { compileEducationFilter } from './education.filter.js';
import { educationDimensions } from './education.dimensions.js';
import { educationSeed } from './education.seed.js';
import { educationChainEvents } from './education.chain-events.js';
import { leftBehindChildUnpaired } from './rules/left-behind-child-unpaired.js';
import { Migration20261210030000_education_sealed_teachers } from './migrations/Migration20261210030000_education_sealed_teachers.js';
import { Migration20261123030000_education } from './migrations/Migration20261123030000_education.js';
import { educationIntake } from './education.intake.js';

/** Education bureau (教育局). */
export const education: DepartmentModule = {
  code: 'education',
  dbSchema: 'education',
  personField: 'education',
  typeDefs: loadSdl('education'),
  resolvers: educationResolvers,
  entities: educationEntities,
  migrations: [{ name: 'Migration20261123030000_education', class: Migration20261123030000_education }, { name: 'Migration20261210030000_education_sealed_teachers', class: Migration20261210030000_education_sealed_teachers }],
  filter: compileEducationFilter,
  seed: educationSeed,
  dimensions: educationDimensions,
  rules: [leftBehindChildUnpaired],
  chainEvents: educationChainEvents,
  intake: educationIntake,
};
