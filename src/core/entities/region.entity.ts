import { EntitySchema } from '@mikro-orm/core';

export type RegionLevel = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';

/** An administrative division (GB/T 2260 + statistical codes), stored as a 12-digit code. */
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export const RegionEntity = new EntitySchema<Region>({
  name: 'Region',
  schema: 'core',
  tableName: 'region',
  properties: {
    code: { type: 'string', length: 12, primary: true },
    name: { type: 'string', length: 100 },
    level: { type: 'string', length: 10 },
    parentCode: { type: 'string', length: 12, nullable: true, index: true },
  },
});
