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
  // The forked EntityManager and the loaders are made on first use: a read answered by one
  // compiled statement (src/compiled-read/) needs neither (em.fork() alone was ~3% of a person
  // graph's server CPU in session 6's profile, docs/benchmarks.md).
  let em: EntityManager | null = null;
  let loaders: Loaders | null = null;
  return {
    requestId: args.requestId,
    caller: args.caller,
    purpose: args.purpose,
    departments: args.departments,
    audit: [],
    get em() {
      return (em ??= args.em.fork());
    },
    get loaders() {
      if (!loaders) {
        const core = createCoreLoaders(this.em, args.caller.regionPrefix);
        loaders = { ...core, records: createRecordLoader(this.em, { waitFor: core.membersInFlight }) };
      }
      return loaders;
    },
  };
}
