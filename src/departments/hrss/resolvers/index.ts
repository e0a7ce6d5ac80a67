import type { Resolvers } from '../../../generated/graphql.js';
import type { RecordRow } from '../../../core/graphql-parents.js';
import type { CareGraphContext } from '../../../contract/request-context.js';
import { hrssRecords as records } from '../hrss.records.js';
import { profileResolvers } from '../../record-resolvers.js';

/** A person named in a record, through the region-scoped person loader (outside the region: null). */
const personAt = (column: 'personId' | 'helperPersonId') => (row: RecordRow, _args: unknown, ctx: CareGraphContext) =>
  ctx.loaders.person.load(String(row[column]));

const postIdOf = (row: RecordRow) => String(row.postId);

export const hrssResolvers: Resolvers = {
  ...profileResolvers('hrss', 'HrssProfile', records),
  MutualAidPost: {
    village: (row, _args, ctx) => ctx.loaders.region.load(String(row.villageCode)),
  },
  MutualAidPairing: {
    postId: postIdOf,
    helper: personAt('helperPersonId'),
    helped: personAt('personId'),
  },
  PostAttendance: { postId: postIdOf },
  PostAssessment: { postId: postIdOf },
};
