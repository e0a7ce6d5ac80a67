import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { educationResolvers } from '../../../resolvers/education/index.js';
import { educationEntities } from './education.entities.js';
import { compileEducationFilter } from './education.filter.js';
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
  migrations: [{ name: 'Migration20261123030000_education', class: Migration20261123030000_education }],
  filter: compileEducationFilter,
  intake: educationIntake,
};
