import type { EntitySchema } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import type { IResolvers } from '@graphql-tools/utils';
import type { DocumentNode } from 'graphql';
import type { SqlBuilder } from '../core/filter/sql-builder.js';
import type { IntakeKind } from '../ingest/intake-kind.js';

/**
 * One kind of department record as the read path sees it: the table it lives in and whose it is.
 * The record loader batches every kind requested in one tick into a single SQL statement.
 */
export interface RecordKind {
  /** Postgres schema, e.g. `civil_affairs`. */
  schema: string;
  /** Table name inside the schema, e.g. `assistance_enrolment`. */
  table: string;
  /** Whose the record is: a person's (`person_id`) or a household's (`household_id`). */
  owner: 'person' | 'household';
  /** SQL ORDER BY over the record's columns (alias-free), newest first by convention. */
  orderBy: string;
}

/**
 * Compiles one department's part of a `PersonFilter` into SQL conditions over the person row
 * aliased `personAlias`. Values go through `sql.param`, never into the text.
 */
export type PersonFilterCompiler = (input: Record<string, unknown>, personAlias: string, sql: SqlBuilder) => string[];

/**
 * A department as one unit: its SDL (extending `Person`/`Household` only under its own
 * sub-object), resolvers, entities, migrations and filter predicates. Registered once in
 * `src/departments/registry.ts`.
 *
 * @example
 * export const education: DepartmentModule = {
 *   code: 'education', dbSchema: 'education', personField: 'education',
 *   typeDefs: loadSdl('education'), resolvers: educationResolvers,
 *   entities: educationEntities, migrations: [...], filter: compileEducationFilter,
 * };
 */
export interface DepartmentModule {
  /** Department code used in provenance and policy, kebab-case: `civil-affairs`. */
  code: string;
  /** Postgres schema owning the department's tables: `civil_affairs`. */
  dbSchema: string;
  /** Field on `Person` (and on `PersonFilter`) holding the department's sub-object: `civilAffairs`. */
  personField: string;
  typeDefs: DocumentNode | string;
  resolvers: IResolvers;
  entities: EntitySchema<any>[];
  migrations: MigrationObject[];
  filter?: PersonFilterCompiler;
  /** Record kinds the department writes through intake (GraphQL upserts, CLI and HTTP import). */
  intake?: readonly IntakeKind[];
}
