import { HouseholdEntity } from './household.entity.js';
import { PersonEntity } from './person.entity.js';
import { PersonLinkEntity } from './person-link.entity.js';
import { RegionEntity } from './region.entity.js';

export const coreEntities = [RegionEntity, HouseholdEntity, PersonEntity, PersonLinkEntity];
