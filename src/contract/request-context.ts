import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEntry } from './audit-entry.js';
import type { Caller } from './caller.js';
import type { DepartmentModule } from './department-module.js';

/**
 * The per-request DataLoaders. Declared empty here and filled in by `src/server/context.ts`
 * (declaration merging), where the loaders are built: the contract names the slot without
 * importing the read path that fills it.
 */
export interface RequestLoaders {}

/**
 * Everything one request needs, and nothing shared with other requests: the GraphQL tier stays
 * stateless so replicas can scale out (DESIGN §8). Made by `createContext` (src/server/context.ts).
 */
export interface CareGraphContext {
  requestId: string;
  caller: Caller;
  /** Declared purpose of use (`X-Purpose`), if any. */
  purpose: string | null;
  em: EntityManager;
  loaders: RequestLoaders;
  departments: readonly DepartmentModule[];
  audit: AuditEntry[];
}
