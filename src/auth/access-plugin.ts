import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { CareGraphContext } from '../contract/request-context.js';
import { groupCommitAuditWrites } from './audit-group-commit.js';
import { createRequestRules } from './request-rules.js';

/**
 * Request-level rules around execution: credentials (anonymous callers may touch `@public`
 * fields only), the caller's query limits, and the audit trail written before the response.
 */
export function accessPlugin(opts: {
  schema: GraphQLSchema;
  em: EntityManager;
  logger: Logger;
  /**
   * Set on a federation subgraph (src/federation/): the gateway already held the client's whole
   * operation to the caller's limits and its variables to their depth, and the audit trail names the client's operation, not the
   * gateway's sub-request.
   */
  relayedFrom?: (ctx: CareGraphContext) => { operationName: string | null };
}): ApolloServerPlugin<CareGraphContext> {
  const checkRequest = createRequestRules(opts.schema);
  const writeAudit = groupCommitAuditWrites(opts.em);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operationName, request }) {
          const refusal = checkRequest(contextValue.caller, { source: request.query ?? '', document, operationName, variables: request.variables }, { relayed: opts.relayedFrom != null });
          if (refusal) throw refusal;
        },
        async willSendResponse({ contextValue, response, operationName }) {
          if (contextValue.audit.length === 0) return;
          try {
            await writeAudit(
              { requestId: contextValue.requestId, caller: contextValue.caller, purpose: contextValue.purpose, operationName: opts.relayedFrom ? opts.relayedFrom(contextValue).operationName : (operationName ?? null) },
              contextValue.audit,
            );
          } catch (err) {
            // No disclosure without its record: withhold the data rather than send it unaudited.
            opts.logger.error({ err }, 'audit write failed; response withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult.data = null;
              response.body.singleResult.errors = [
                new GraphQLError('The audit trail could not be written; no personal data was returned', {
                  extensions: { code: 'AUDIT_UNAVAILABLE' },
                }).toJSON(),
              ];
              response.http.status = 503;
            }
          }
        },
      };
    },
  };
}
