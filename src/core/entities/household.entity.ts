import { EntitySchema } from '@mikro-orm/core';

export type MonitoringStatus = 'NONE' | 'DIBAO' | 'TEKUN' | 'DIBAO_EDGE' | 'PREVENT_RETURN' | 'SAFETY_NET';

/** A registered household (户). `headId` is a plain column: head and household reference each other. */
export interface Household {
  id: string;
  householdNumber: string;
  regionCode: string;
  address: string | null;
  headId: string | null;
  registeredPoor: boolean;
  registeredPoorYear: number | null;
  monitoringStatus: MonitoringStatus;
  consentDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const HouseholdEntity = new EntitySchema<Household>({
  name: 'Household',
  schema: 'core',
  tableName: 'household',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    householdNumber: { type: 'string', length: 32, unique: true },
    regionCode: { type: 'string', length: 12, index: true },
    // SM4 ciphertext (src/crypto/), opened by the Household resolver.
    address: { type: 'text', nullable: true },
    headId: { type: 'bigint', nullable: true },
    registeredPoor: { type: 'boolean', default: false },
    registeredPoorYear: { type: 'smallint', nullable: true },
    monitoringStatus: { type: 'string', length: 16, default: 'NONE', index: true },
    consentDate: { type: 'date', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date(), defaultRaw: 'now()' },
  },
});
