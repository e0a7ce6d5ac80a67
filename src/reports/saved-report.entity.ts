import { EntitySchema } from '@mikro-orm/core';

/** A saved report definition (core.saved_report), owned by a caller and shareable with roles. */
export interface SavedReportRecord {
  id: string;
  name: string;
  description: string | null;
  ownerId: string;
  sharedWithRoles: string[];
  definition: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export const SavedReportEntity = new EntitySchema<SavedReportRecord>({
  name: 'SavedReport',
  schema: 'core',
  tableName: 'saved_report',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    name: { type: 'string', length: 200 },
    description: { type: 'string', length: 1000, nullable: true },
    ownerId: { type: 'string', length: 80, index: true },
    sharedWithRoles: { type: 'text[]', default: '{}' },
    definition: { type: 'json' },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date(), defaultRaw: 'now()' },
  },
});
