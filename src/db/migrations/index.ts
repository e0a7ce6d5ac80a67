import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_core } from './Migration20261123000000_core.js';
import { Migration20261124000000_callers } from './Migration20261124000000_callers.js';
import { Migration20261124010000_audit } from './Migration20261124010000_audit.js';
import { Migration20261124020000_saved_reports } from './Migration20261124020000_saved_reports.js';
import { Migration20261126000000_monitoring } from './Migration20261126000000_monitoring.js';
import { Migration20261125000000_intake } from './Migration20261125000000_intake.js';
import { Migration20261127000000_covering_region_indexes } from './Migration20261127000000_covering_region_indexes.js';
import { Migration20261128000000_person_report_columns_index } from './Migration20261128000000_person_report_columns_index.js';
import { Migration20261129000000_person_region_code } from './Migration20261129000000_person_region_code.js';
import { Migration20261130000000_audit_fields_per_subject } from './Migration20261130000000_audit_fields_per_subject.js';
import { Migration20261206100000_disclosure_key } from './Migration20261206100000_disclosure_key.js';
import { Migration20261207000000_audit_chain } from './Migration20261207000000_audit_chain.js';
import { Migration20261208000000_field_encryption } from './Migration20261208000000_field_encryption.js';
import { Migration20261209000000_audit_chain_take_from } from './Migration20261209000000_audit_chain_take_from.js';

/** Core migrations; each department ships its own list in its module. */
export const coreMigrations: MigrationObject[] = [
  { name: 'Migration20261123000000_core', class: Migration20261123000000_core },
  { name: 'Migration20261124000000_callers', class: Migration20261124000000_callers },
  { name: 'Migration20261124010000_audit', class: Migration20261124010000_audit },
  { name: 'Migration20261124020000_saved_reports', class: Migration20261124020000_saved_reports },
  { name: 'Migration20261125000000_intake', class: Migration20261125000000_intake },
  { name: 'Migration20261126000000_monitoring', class: Migration20261126000000_monitoring },
  { name: 'Migration20261127000000_covering_region_indexes', class: Migration20261127000000_covering_region_indexes },
  { name: 'Migration20261128000000_person_report_columns_index', class: Migration20261128000000_person_report_columns_index },
  { name: 'Migration20261129000000_person_region_code', class: Migration20261129000000_person_region_code },
  { name: 'Migration20261130000000_audit_fields_per_subject', class: Migration20261130000000_audit_fields_per_subject },
  { name: 'Migration20261206100000_disclosure_key', class: Migration20261206100000_disclosure_key },
  { name: 'Migration20261207000000_audit_chain', class: Migration20261207000000_audit_chain },
  { name: 'Migration20261208000000_field_encryption', class: Migration20261208000000_field_encryption },
  { name: 'Migration20261209000000_audit_chain_take_from', class: Migration20261209000000_audit_chain_take_from },
];
