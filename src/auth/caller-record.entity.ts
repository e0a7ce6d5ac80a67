import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * A registered partner system (core.caller). The API key itself is never stored: only its
 * public prefix (to find the row) and the SHA-256 hex of its secret part.
 */
export interface CallerRecord {
  id: string;
  name: string;
  /** Always 'system' today; the column leaves room for other kinds of key holders. */
  kind: string;
  roles: string[];
  regionPrefix: string | null;
  keyPrefix: string;
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** Not maintained yet: a write on every authenticated read is not worth it. */
  lastUsedAt: Date | null;
}

export const CallerRecordEntity = new EntitySchema<CallerRecord>({
  name: 'CallerRecord',
  schema: 'core',
  tableName: 'caller',
  properties: {
    // Plain 'bigint' would hydrate as a JS BigInt; the interface (and 'caller:<id>') want a string.
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    name: { type: 'string', length: 100, unique: true },
    kind: { type: 'string', length: 10, default: 'system' },
    // 'text[]' maps to MikroORM's ArrayType: a native PostgreSQL array, not a joined string.
    roles: { type: 'text[]' },
    regionPrefix: { type: 'string', length: 12, nullable: true },
    keyPrefix: { type: 'string', length: 16, unique: true },
    keyHash: { type: 'character', length: 64 },
    createdAt: { type: 'Date', onCreate: () => new Date(), defaultRaw: 'now()' },
    revokedAt: { type: 'Date', nullable: true },
    lastUsedAt: { type: 'Date', nullable: true },
  },
});
