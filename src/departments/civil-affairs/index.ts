import type { DepartmentModule } from '../../contract/department-module.js';
import { loadSdl } from '../sdl.js';
import { civilAffairsResolvers } from './resolvers/index.js';
import { civilAffairsEntities } from './civil-affairs.entities.js';
import { compileCivilAffairsFilter } from './civil-affairs.filter.js';
import { civilAffairsDimensions } from './civil-affairs.dimensions.js';
import { civilAffairsSeed } from './civil-affairs.seed.js';
import { civilAffairsChainEvents } from './civil-affairs.chain-events.js';
import { expenditureExceedsIncome } from './rules/expenditure-exceeds-income.js';
import { followUpOverdue } from './rules/follow-up-overdue.js';
import { Migration20261210010000_civil_affairs_sealed_third_parties } from './migrations/Migration20261210010000_civil_affairs_sealed_third_parties.js';
import { Migration20261123010000_civil_affairs } from './migrations/Migration20261123010000_civil_affairs.js';
import { civilAffairsIntake } from './civil-affairs.intake.js';

/** Civil affairs (民政局). */
export const civilAffairs: DepartmentModule = {
  code: 'civil-affairs',
  dbSchema: 'civil_affairs',
  personField: 'civilAffairs',
  typeDefs: loadSdl('civil-affairs'),
  resolvers: civilAffairsResolvers,
  entities: civilAffairsEntities,
  migrations: [{ name: 'Migration20261123010000_civil_affairs', class: Migration20261123010000_civil_affairs }, { name: 'Migration20261210010000_civil_affairs_sealed_third_parties', class: Migration20261210010000_civil_affairs_sealed_third_parties }],
  filter: compileCivilAffairsFilter,
  seed: civilAffairsSeed,
  dimensions: civilAffairsDimensions,
  rules: [expenditureExceedsIncome, followUpOverdue],
  chainEvents: civilAffairsChainEvents,
  intake: civilAffairsIntake,
};
