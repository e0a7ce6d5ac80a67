import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { DepartmentModule } from '../contract/department-module.js';
import { coreEntities } from '../core/entities/index.js';
import { coreMigrations } from './migrations/index.js';
import { prepareFieldEncryption } from '../crypto/prepare-field-encryption.js';
import { encryptedColumnsOf } from '../crypto/encrypted-columns.js';
import { withPgClient } from './pg-client.js';

export interface OrmOptions {
  url: string;
  departments: DepartmentModule[];
  poolMax?: number;
  /**
   * PostgreSQL settings applied to every pooled connection when it is opened (`set_config`, session
   * scope), e.g. the hub's serial plans. Statements may still override one with `set local`.
   */
  sessionSettings?: Record<string, string>;
  /** How long an idle pooled connection is kept (knex/tarn's default: 30 s). */
  idleTimeoutMillis?: number;
}

type PoolConnection = { query(text: string, values: unknown[]): Promise<unknown> };

/** A knex pool hook that applies `settings` to each new connection before its first use. */
function applySessionSettings(settings: Record<string, string>) {
  const names = Object.keys(settings);
  const text = `select ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`).join(', ')}`;
  const values = names.flatMap((name) => [name, settings[name]]);
  return (connection: PoolConnection, done: (err: Error | null, connection: PoolConnection) => void) => {
    connection.query(text, values).then(
      () => done(null, connection),
      (err: Error) => done(err, connection),
    );
  };
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
    pool: {
      min: 0,
      max: opts.poolMax ?? 10,
      ...(opts.idleTimeoutMillis !== undefined ? { idleTimeoutMillis: opts.idleTimeoutMillis } : {}),
      ...(opts.sessionSettings && Object.keys(opts.sessionSettings).length ? { afterCreate: applySessionSettings(opts.sessionSettings) } : {}),
    },
    // Raw department rows and big seeds bypass the identity map; keep request forks cheap.
    allowGlobalContext: false,
    debug: false,
  };
}

/** The departments each ORM was made with: what its migration's data half encrypts. */
const departmentsOf = new WeakMap<MikroORM, readonly DepartmentModule[]>();

export async function initOrm(opts: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(opts));
  departmentsOf.set(orm, opts.departments);
  return orm;
}

/** Applies pending migrations, then checks the field keys and encrypts what is still in clear (src/crypto/); returns the migrations applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  // The field-encryption migration's data half needs the keys, which SQL migrations never see.
  const departments = departmentsOf.get(orm);
  if (!departments) throw new Error('migrate() needs an ORM made by initOrm (it knows the departments whose columns are encrypted)');
  await withPgClient(orm.em, (client) => prepareFieldEncryption(client, encryptedColumnsOf(departments)));
  return applied.map((m) => m.name);
}

/**
 * What a server builds on an opened ORM, closing the ORM when building fails (a wrong field key,
 * a failed migration …): a server that does not start must leave no pool behind, whose idle
 * connections would keep a test run or a supervising process alive for minutes.
 */
export async function closingOrmOnFailure<T>(orm: MikroORM, build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (err) {
    await orm.close(true).catch(() => undefined);
    throw err;
  }
}
