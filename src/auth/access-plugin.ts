import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { CareGraphContext } from '../contract/request-context.js';
import { groupCommitAuditWrites, type AuditWriter } from './audit-group-commit.js';
import { createRequestRules } from './request-rules.js';

/** What a federation subgraph knows of the client request it serves a part of. */
export interface RelayedRequest {
  /** The client's operation name (null: it had none); undefined when unknown, then the sub-request's own is recorded. */
  operationName: string | null | undefined;
  /** False when nothing upstream held the operation to the caller's query limits: the subgraph does. Default true. */
  limitsChecked?: boolean;
}

const auditedOperationName = (relayed: RelayedRequest | undefined, own: string | null | undefined): string | null =>
  relayed && relayed.operationName !== undefined ? relayed.operationName : (own ?? null);

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
  relayedFrom?: (ctx: CareGraphContext) => RelayedRequest;
  /** Wraps the audit writer (a subgraph behind a standard router records a disclosure once per client request). */
  wrapAudit?: (writer: AuditWriter) => AuditWriter;
}): ApolloServerPlugin<CareGraphContext> {
  const checkRequest = createRequestRules(opts.schema);
  const grouped = groupCommitAuditWrites(opts.em);
  const writeAudit = opts.wrapAudit ? opts.wrapAudit(grouped) : grouped;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operationName, request }) {
          const relayed = opts.relayedFrom ? (opts.relayedFrom(contextValue).limitsChecked ?? true) : false;
          const refusal = checkRequest(contextValue.caller, { source: request.query ?? '', document, operationName, variables: request.variables }, { relayed });
          if (refusal) throw refusal;
        },
        async willSendResponse({ contextValue, response, operationName }) {
          if (contextValue.audit.length === 0) return;
          try {
            await writeAudit(
              { requestId: contextValue.requestId, caller: contextValue.caller, purpose: contextValue.purpose, operationName: auditedOperationName(opts.relayedFrom?.(contextValue), operationName) },
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
