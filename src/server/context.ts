import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../auth/caller.js';
import type { DepartmentModule } from '../departments/department-module.js';
import { createCoreLoaders, type CoreLoaders } from '../core/loaders/core.loaders.js';
import { createRecordLoader } from '../core/loaders/record.loader.js';

import type { AuditEntry } from '../auth/audit-entry.js';

export interface Loaders extends CoreLoaders {
  records: ReturnType<typeof createRecordLoader>;
}

/**
 * Everything one request needs, and nothing shared with other requests: the GraphQL tier stays
 * stateless so replicas can scale out (DESIGN §8).
 */
export interface CareGraphContext {
  requestId: string;
  caller: Caller;
  /** Declared purpose of use (`X-Purpose`), if any. */
  purpose: string | null;
  em: EntityManager;
  loaders: Loaders;
  departments: readonly DepartmentModule[];
  audit: AuditEntry[];
}

export function createContext(args: {
  requestId: string;
  caller: Caller;
  purpose: string | null;
  em: EntityManager;
  departments: readonly DepartmentModule[];
}): CareGraphContext {
  const em = args.em.fork();
  const core = createCoreLoaders(em, args.caller.regionPrefix);
  return {
    ...args,
    em,
    loaders: { ...core, records: createRecordLoader(em, { waitFor: core.membersInFlight }) },
    audit: [],
  };
}
