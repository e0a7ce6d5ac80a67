import { EntitySchema } from '@mikro-orm/core';

/** A row of the audit trail (core.audit_event). Written by one INSERT per request, read by auditors. */
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
  field: string;
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
    field: { type: 'string', length: 100 },
  },
});
