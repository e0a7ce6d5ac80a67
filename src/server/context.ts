import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../contract/caller.js';
import type { DepartmentModule } from '../contract/department-module.js';
import { createCoreLoaders, type CoreLoaders } from '../core/loaders/core.loaders.js';
import { createRecordLoader } from '../core/loaders/record.loader.js';
import { rowScopeOf } from '../auth/row-scope.js';
import type { AuditEntry } from '../contract/audit-entry.js';
import type { CareGraphContext } from '../contract/request-context.js';

export interface Loaders extends CoreLoaders {
  records: ReturnType<typeof createRecordLoader>;
}

/** Fills the contract's loader slot with the loaders built here. */
declare module '../contract/request-context.js' {
  interface RequestLoaders extends Loaders {}
}

/** A request's context; the loaders and the forked EntityManager are made on first use. */
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
 * compiled statement (src/compiled-read/) needs neither (em.fork() alone is ~3% of a person
 * graph's server CPU when profiled, docs/benchmarks.md). The lazy getters live on the
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
      const core = createCoreLoaders(this.em, rowScopeOf(this.caller));
      this.made = { ...core, records: createRecordLoader(this.em, { waitFor: core.membersInFlight }) };
    }
    return this.made;
  }
}
