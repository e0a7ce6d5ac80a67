import { EntitySchema } from '@mikro-orm/core';

/**
 * A row of the audit trail (core.audit_event): what one request disclosed of one subject (a
 * person or a household). Written by one INSERT per request, read by auditors one disclosure
 * (row × field) at a time.
 */
export interface AuditEvent {
  id: string;
  at: Date;
  requestId: string;
  callerId: string;
  callerName: string;
  purpose: string | null;
  operationName: string | null;
  personId: string | null;
  householdId: string | null;
  /** Field coordinates (`Person.idNumber`) in the order first disclosed, each once. */
  fields: string[];
}

export const AuditEventEntity = new EntitySchema<AuditEvent>({
  name: 'AuditEvent',
  schema: 'core',
  tableName: 'audit_event',
  indexes: [
    { name: 'audit_event_person_id_at_index', properties: ['personId', 'at'] },
    { name: 'audit_event_caller_id_at_index', properties: ['callerId', 'at'] },
  ],
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    at: { type: 'Date', defaultRaw: 'now()' },
    requestId: { type: 'string', length: 64 },
    callerId: { type: 'string', length: 80 },
    callerName: { type: 'string', length: 100 },
    purpose: { type: 'string', length: 32, nullable: true },
    operationName: { type: 'string', length: 100, nullable: true },
    personId: { type: 'bigint', nullable: true },
    householdId: { type: 'bigint', nullable: true },
    fields: { type: 'string[]', columnType: 'varchar(100)[]' },
  },
});
