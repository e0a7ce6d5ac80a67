import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { DepartmentModule } from '../departments/department-module.js';
import { coreEntities } from '../core/entities/index.js';
import { coreMigrations } from './migrations/index.js';

export interface OrmOptions {
  url: string;
  departments: DepartmentModule[];
  poolMax?: number;
}

/**
 * MikroORM over the core entities plus every registered department's. Migrations are listed
 * explicitly (core first, then departments in registry order) rather than discovered from
 * disk, so they run the same under tsx, jest and any bundler.
 */
export function ormConfig(opts: OrmOptions): Options {
  return {
    clientUrl: opts.url,
    entities: [...coreEntities, ...opts.departments.flatMap((d) => d.entities)],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: [...coreMigrations, ...opts.departments.flatMap((d) => d.migrations)],
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // Raw department rows and big seeds bypass the identity map; keep request forks cheap.
    allowGlobalContext: false,
    debug: false,
  };
}

export async function initOrm(opts: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(opts));
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
