import type { GraphQLFieldResolver } from 'graphql';
import type { RecordKind } from '../contract/department-module.js';
import type { CareGraphContext } from '../contract/request-context.js';
import type { DepartmentProfile, RecordRow } from '../core/graphql-parents.js';
import { markRecordResolver } from '../core/record-fields.js';
import { readRecords } from '../core/loaders/record.loader.js';

/**
 * Shared pieces for department resolver maps: a department's sub-object is just the person id,
 * and each record list is one key in the batched record loader.
 */

/** `Person.<department>` — the profile parent; records load only when their field is asked for. */
export const profileOf = (person: { id: string }): DepartmentProfile => ({ personId: String(person.id) });

/**
 * Resolver for a profile field listing one record kind of the profile's person. Marked, so a
 * resolver reading persons can read these records in the same statement (record-lookahead.ts).
 */
export function personRecords(kind: RecordKind): GraphQLFieldResolver<DepartmentProfile, CareGraphContext, unknown, RecordRow[] | Promise<RecordRow[]>> {
  return markRecordResolver((profile: DepartmentProfile, _args: unknown, ctx: CareGraphContext) => readRecords(ctx.loaders.records, { kind, ownerId: profile.personId }), kind);
}

/** Loads one record kind of a household. */
export function householdRecords(ctx: CareGraphContext, kind: RecordKind, householdId: string): RecordRow[] | Promise<RecordRow[]> {
  return readRecords(ctx.loaders.records, { kind, ownerId: String(householdId) });
}

type PersonRecordResolver = ReturnType<typeof personRecords>;

/** The person-owned kinds of a records object (household kinds hang elsewhere, e.g. `Household.finance`). */
type PersonKindsOf<R extends Record<string, RecordKind>> = { [K in keyof R as R[K]['owner'] extends 'person' ? K : never]: PersonRecordResolver };

/**
 * A department's profile in the resolver map: `Person.<personField>` as its profile, and one
 * `<ProfileType>.<field>` per person-owned kind of `records` (keyed by its GraphQL field).
 *
 * @example
 * export const educationResolvers: Resolvers = {
 *   ...profileResolvers('education', 'EducationProfile', educationRecords),
 * };
 */
export function profileResolvers<F extends string, T extends string, R extends Record<string, RecordKind>>(
  personField: F,
  profileType: T,
  records: R,
): { Person: Record<F, typeof profileOf> } & Record<T, PersonKindsOf<R>> {
  const fields = Object.fromEntries(Object.entries(records).filter(([, kind]) => kind.owner === 'person').map(([field, kind]) => [field, personRecords(kind)]));
  return { Person: { [personField]: profileOf }, [profileType]: fields } as { Person: Record<F, typeof profileOf> } & Record<T, PersonKindsOf<R>>;
}
