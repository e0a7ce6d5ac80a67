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
  return new RequestContext(args.requestId, args.caller, args.purpose, args.em, args.departments);
}

/**
 * The forked EntityManager and the loaders are made on first use: a read answered by one
 * compiled statement (src/compiled-read/) needs neither (em.fork() alone was ~3% of a person
 * graph's server CPU in session 6's profile, docs/benchmarks.md). The lazy getters live on the
 * prototype, not on the object: Apollo Server copies the context per operation with
 * `Object.assign(Object.create(prototype), context)`, which would call own getters and make
 * both on every request. Only plain fields are copied, so the copy stays lazy.
 */
class RequestContext implements CareGraphContext {
  audit: AuditEntry[] = [];
  private forked: EntityManager | null = null;
  private made: Loaders | null = null;

  constructor(
    readonly requestId: string,
    readonly caller: Caller,
    readonly purpose: string | null,
    private readonly rootEm: EntityManager,
    readonly departments: readonly DepartmentModule[],
  ) {}

  get em(): EntityManager {
    return (this.forked ??= this.rootEm.fork());
  }

  get loaders(): Loaders {
    if (!this.made) {
      const core = createCoreLoaders(this.em, this.caller.regionPrefix);
      this.made = { ...core, records: createRecordLoader(this.em, { waitFor: core.membersInFlight }) };
    }
    return this.made;
  }
}
