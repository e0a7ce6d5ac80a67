import type { Resolvers } from '../../src/generated/graphql.js';
import { listAuditEvents } from '../../src/auth/audit-query.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditEvents: (_root, args, ctx) => listAuditEvents(ctx.em, args),
  },
  AuditEventConnection: { totalCount: (c) => c.totalCount() },
};
