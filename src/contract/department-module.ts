import type { EntitySchema } from '@mikro-orm/core';
import type { MigrationObject } from '@mikro-orm/core';
import type { IResolvers } from '@graphql-tools/utils';
import type { DocumentNode } from 'graphql';
import type { SqlBuilder } from './sql-builder.js';
import type { MonitoringRule } from './monitoring-rule.js';
import type { AssistanceEventSource } from './chain-event.js';
import type { DimensionSpec } from './report-dimension.js';
import type { SeedWorld, TableSpec } from './seed-table.js';
import type { IntakeKind } from './intake-kind.js';

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
  /**
   * Column naming the owner when it is not `<owner>_id`: a record linking two persons (a helper
   * and the person helped) is read from either end by declaring one kind per column.
   */
  ownerColumn?: string;
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
  /** Early-warning rules the department contributes (its codes extend the SDL enum `MonitoringRuleCode`); see docs/monitoring.md. */
  rules?: MonitoringRule[];
  /** Dated events the department adds to `Household.assistanceChain` (kinds extend the SDL enum `AssistanceEventKind`). */
  chainEvents?: AssistanceEventSource[];
  /** Deterministic demo rows for the department's tables, generated after the core world. */
  seed?: DepartmentSeed;
  /**
   * Report dimensions the department contributes, keyed by their `ReportDimension` enum value
   * (declared with `extend enum ReportDimension` and `@requiresScopes` in the department's SDL).
   */
  dimensions?: Record<string, DimensionSpec>;
  /** Record kinds the department writes through intake (GraphQL upserts, CLI and HTTP import). */
  intake?: readonly IntakeKind[];
}

/**
 * A department's part of the demo county: the tables it fills (qualified names, load order) and
 * their rows rendered from the shared world. Each table draws from its own PRNG stream
 * (`defineTable`), so adding a department never changes another department's rows.
 * @example
 * seed: { tables: ['hrss.post'], build: (world) => [defineTable(world, 'hrss.post', columns, (rng) => posts(world, rng))] }
 */
export interface DepartmentSeed {
  tables: readonly string[];
  build(world: SeedWorld): TableSpec[];
}
