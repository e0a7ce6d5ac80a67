import { HouseholdEntity } from './household.entity.js';
import { PersonEntity } from './person.entity.js';
import { PersonLinkEntity } from './person-link.entity.js';
import { RegionEntity } from './region.entity.js';
import { CallerRecordEntity } from '../../auth/caller-record.entity.js';
import { AuditEventEntity } from '../../auth/audit-event.entity.js';
import { SavedReportEntity } from '../../reports/saved-report.entity.js';

export const coreEntities = [RegionEntity, HouseholdEntity, PersonEntity, PersonLinkEntity, CallerRecordEntity, AuditEventEntity, SavedReportEntity];
