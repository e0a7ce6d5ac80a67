import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_core } from './Migration20261123000000_core.js';

/** Core migrations; each department ships its own list in its module. */
export const coreMigrations: MigrationObject[] = [
  { name: 'Migration20261123000000_core', class: Migration20261123000000_core },
];
